using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests.Commands;

/// <summary>The fakes run as services (CI jobs, containers): SIGTERM stops them cleanly, as Ctrl-C does.</summary>
public sealed class FakeTerminationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("kubernetes", "plans/clusters/mosk-prod.yaml", "--kubeconfig-out", "kubeconfig.yaml")]
    [InlineData("dcmanager", "plans/clusters/dc-central.yaml", "--clouds-out", "clouds.yaml")]
    public async Task Fake_Sigterm_StopsAndExitsZero(string fake, string cluster, string outOption, string outFile)
    {
        // Given: the fake serving as its own process
        var environment = MplanProcess.WithoutOpenStackVariables(new Dictionary<string, string?> { ["HOME"] = _directory.Root });
        using var server = MplanProcess.Start(Repository.Root, environment, "fake", fake, cluster, "--listen", "127.0.0.1:0", outOption, _directory.Path(outFile));
        if (!await server.WaitForLineAsync(l => l.Contains("serving until interrupted", StringComparison.Ordinal), TimeSpan.FromSeconds(60)))
        {
            Assert.Fail(await server.ErrorAsync());
        }

        // When
        await server.TerminateAsync();

        // Then: it stops by itself, says so, and exits 0
        var exit = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, await server.ErrorAsync());
        Assert.Contains("stopped", server.Lines);
    }
}
