using Planner.Operations;
using Planner.Operations.Kinds;

namespace Planner.Tests.Operations;

/// <summary>shell.run's templates: every substitution one word for /bin/sh, whatever it holds or whatever filter made it.</summary>
public sealed class ShellCommandTemplateTests
{
    [Theory]
    [InlineData("node-1", "node-1")]
    [InlineData("10.0.0.1:8080", "10.0.0.1:8080")]
    [InlineData("", "''")]
    [InlineData("x; rm -rf /", "'x; rm -rf /'")]
    [InlineData("it's", "'it'\"'\"'s'")]
    [InlineData("$(id)", "'$(id)'")]
    [InlineData("a\nb", "'a\nb'")]
    public void Quote_Value_IsOneShellWord(string value, string expected) => Assert.Equal(expected, ShellCommandTemplate.Quote(value));

    [Fact]
    public async Task Prepare_CalledTwice_WarmsOnceWithoutError()
    {
        // When: what a plan using shell.run starts on another core while its clusters load
        var first = ShellCommandTemplate.Prepare();
        var second = ShellCommandTemplate.Prepare();
        await first;

        // Then: one warm-up, and it did not fail (nobody else would see its exception)
        Assert.Same(first, second);
        Assert.True(first.IsCompletedSuccessfully);
    }

    [Fact]
    public void Render_FilteredSubstitution_IsStillQuoted()
    {
        // Given
        var template = ShellCommandTemplate.Parse("ssh {{ target | string.upcase }} uptime # {{ cluster }}", out var error)!;

        // When
        var rendered = template.Render(new TargetRef("id-1", "lb; reboot"), "prod", out var renderError);

        // Then
        Assert.Null(error);
        Assert.Null(renderError);
        Assert.Equal("ssh 'LB; REBOOT' uptime # prod", rendered);
    }

    [Fact]
    public void Render_UnknownVariable_SaysWhich()
    {
        // Given
        var template = ShellCommandTemplate.Parse("echo {{ node }}", out _)!;

        // When
        var rendered = template.Render(new TargetRef("a", "a"), "prod", out var error);

        // Then
        Assert.Null(rendered);
        Assert.Equal("node", ShellCommandTemplate.UnknownVariable(error!));
    }

    [Fact]
    public void Parse_BrokenTemplate_GivesThePosition()
    {
        Assert.Null(ShellCommandTemplate.Parse("echo {{ target ) }}", out var error));
        Assert.Contains("template line 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DateFunctions_AreNotAvailable()
    {
        // The rendered commands are hashed into the reviewed plan: the same plan must render the same bytes.
        var template = ShellCommandTemplate.Parse("echo {{ date.now }}", out _)!;
        Assert.Null(template.Render(null, "prod", out var error));
        Assert.Equal("date", ShellCommandTemplate.UnknownVariable(error!));
    }
}
