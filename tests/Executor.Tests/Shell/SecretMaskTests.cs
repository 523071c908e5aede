using Executor.Shell;

namespace Executor.Tests.Shell;

/// <summary>What is masked before a command's output reaches the journal.</summary>
public sealed class SecretMaskTests
{
    [Theory]
    [InlineData("password=hunter2 user=bob", "password=*** user=bob")]
    [InlineData("OS_PASSWORD: 's3cr3t'", "OS_PASSWORD: '***'")]
    [InlineData("\"client_secret\": \"abc123\"", "\"client_secret\": \"***\"")]
    [InlineData("Authorization: Bearer abc.def", "Authorization: Bearer ***")]
    [InlineData("X-Auth-Token: 1234", "X-Auth-Token: ***")]
    [InlineData("mysql://root:pa55@db/nova", "mysql://root:***@db/nova")]
    [InlineData("token gAAAAABlongfernettokenvalue1234567890", "token ***")]
    [InlineData("nothing to hide here", "nothing to hide here")]
    public void Apply_Text_MasksTheSecret(string text, string expected) => Assert.Equal(expected, SecretMask.Apply(text));

    [Fact]
    public void Apply_PrivateKeyBlock_KeepsOnlyItsFrame()
    {
        var masked = SecretMask.Apply("before\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\nabc\n-----END EC PRIVATE KEY-----\nafter");
        Assert.Equal("before\n-----BEGIN EC PRIVATE KEY----- *** -----END EC PRIVATE KEY-----\nafter", masked);
    }
}
