using System.Net;
using Executor.OpenStack;

namespace Executor.Tests.OpenStack;

public sealed class OpenStackSessionTests
{
    private static CloudConfig Cloud(FakeKeystone keystone, string password = FakeKeystone.Password) => new()
    {
        Name = "test",
        AuthUrl = keystone.Url,
        Username = FakeKeystone.User,
        UserDomainName = "Default",
        ProjectName = FakeKeystone.Project,
        ProjectDomainName = "Default",
        Password = new Secret(password),
        RegionName = "RegionOne",
        Origin = "test",
    };

    [Fact]
    public async Task SendAsync_TwoRequests_ReusesOneTokenAndCatalogEndpoint()
    {
        // Given a Keystone whose catalog has several load-balancer endpoints
        using var keystone = new FakeKeystone(null);
        var log = new List<string>();
        using var session = new OpenStackSession(Cloud(keystone), log: log.Add);

        // When two requests are sent
        using (await session.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers", null, CancellationToken.None)) { }
        using var second = await session.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers", null, CancellationToken.None);

        // Then one token served both, the public RegionOne endpoint was picked, and the password was sent as asked
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, keystone.Issued);
        Assert.Equal(keystone.Url + "/load-balancer", session.Endpoint);
        Assert.Contains("\"scope\":{\"project\":{\"name\":\"admin\"", keystone.AuthBodies.Single(), StringComparison.Ordinal);
        Assert.Equal(2, keystone.SeenTokens.Count);
        Assert.Single(keystone.SeenTokens.Distinct());
    }

    [Fact]
    public async Task SendAsync_TokenNearExpiry_Reauthenticates()
    {
        // Given a token that expires in an hour and a clock we can move
        using var keystone = new FakeKeystone(null);
        var clock = new MovableTime(DateTimeOffset.UtcNow);
        using var session = new OpenStackSession(Cloud(keystone), time: clock);
        using (await session.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers", null, CancellationToken.None)) { }

        // When the clock moves to within the renewal margin of expiry
        clock.Now += TimeSpan.FromHours(1) - OpenStackSession.RenewBefore + TimeSpan.FromSeconds(1);
        using var response = await session.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers", null, CancellationToken.None);

        // Then a new token was obtained before the old one was refused
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, keystone.Issued);
        Assert.Equal(0, keystone.Rejected);
    }

    [Fact]
    public async Task SendAsync_TokenRevoked_RenewsOnceOn401()
    {
        // Given a session with a token that the server then forgets
        using var keystone = new FakeKeystone(null);
        using var session = new OpenStackSession(Cloud(keystone));
        using (await session.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers", null, CancellationToken.None)) { }
        keystone.ExpireAll();

        // When the next request is sent
        using var response = await session.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers", null, CancellationToken.None);

        // Then the 401 led to one re-authentication and a successful retry
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, keystone.Rejected);
        Assert.Equal(2, keystone.Issued);
        Assert.Equal(2, session.Authentications);
    }

    [Fact]
    public async Task ConnectAsync_ApplicationCredential_SendsNoScope()
    {
        // Given an application credential cloud
        using var keystone = new FakeKeystone(null);
        var cloud = new CloudConfig
        {
            Name = "app", AuthKind = AuthKind.ApplicationCredential, AuthUrl = keystone.Url + "/v3/", ApplicationCredentialId = FakeKeystone.CredentialId,
            ApplicationCredentialSecret = new Secret(FakeKeystone.CredentialSecret), RegionName = "RegionOne", Origin = "test",
        };
        using var session = new OpenStackSession(cloud);

        // When connecting
        var endpoint = await session.ConnectAsync(CancellationToken.None);

        // Then Keystone accepted the credential (the /v3 auth URL was not doubled) and no scope was sent
        Assert.Equal(keystone.Url + "/load-balancer", endpoint);
        Assert.DoesNotContain("scope", keystone.AuthBodies.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_WrongPassword_ErrorWithoutSecrets()
    {
        // Given a wrong password and a log
        using var keystone = new FakeKeystone(null);
        var log = new List<string>();
        const string wrong = "wrong-password-9f8e7d";
        using var session = new OpenStackSession(Cloud(keystone, wrong), log: log.Add);

        // When connecting
        var error = await Assert.ThrowsAsync<OpenStackException>(() => session.ConnectAsync(CancellationToken.None));

        // Then the error has Keystone's status and message, and neither the password nor any token appears anywhere
        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Contains("requires authentication", error.Message, StringComparison.Ordinal);
        var everything = error.ToString() + string.Join("\n", log);
        Assert.DoesNotContain(wrong, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeKeystone.Password, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Logged_NeverShowsToken()
    {
        // Given a session with a log, after a 401 renewal
        using var keystone = new FakeKeystone(null);
        var log = new List<string>();
        using var session = new OpenStackSession(Cloud(keystone), log: log.Add);
        using (await session.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers", null, CancellationToken.None)) { }
        keystone.ExpireAll();
        using (await session.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers", null, CancellationToken.None)) { }

        // When the log is read
        var text = string.Join("\n", log);

        // Then requests are there, but no token or password
        Assert.Contains("GET /v2/lbaas/loadbalancers -> 401", text, StringComparison.Ordinal);
        Assert.NotEmpty(keystone.SeenTokens);
        Assert.All(keystone.SeenTokens, token => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
        Assert.DoesNotContain(FakeKeystone.Password, text, StringComparison.Ordinal);
    }

    [Fact]
    public void PollSchedule_Grows_UpToCap()
    {
        // Given the default polling options
        var schedule = PollSchedule.ForPolling(new OctaviaDriverOptions());

        // When ten waits are taken
        var waits = Enumerable.Range(0, 10).Select(_ => schedule.Next().TotalMilliseconds).ToList();

        // Then they start at 0.5 s, grow by 1.5 and stop at 5 s
        Assert.Equal([500, 750, 1125], waits.Take(3));
        Assert.Equal(5000, waits[^1]);
        Assert.True(waits.Zip(waits.Skip(1)).All(p => p.Second >= p.First));
    }

    private sealed class MovableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
