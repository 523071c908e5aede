using System.Net;
using System.Text;
using Executor.OpenStack;
using Executor.Tests.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Executor.Tests.OpenStack;

/// <summary>The client's read retries (Polly) on a fake clock: transient failures are asked again, answers are not.</summary>
public sealed class ReadRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);
    private const string Lb = """{"loadbalancer": {"id": "lb-1", "provisioning_status": "ACTIVE"}}""";

    [Fact]
    public async Task GetLoadBalancer_503ThenResetThen200_RetriedUntilItAnswers()
    {
        // Given
        var (client, handler, clock) = Client(Status(HttpStatusCode.ServiceUnavailable), Reset(), Status(HttpStatusCode.OK, Lb));

        // When
        var lb = await FakeClock.RunAsync(clock, client.GetLoadBalancerAsync("lb-1"), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));

        // Then
        Assert.Equal("ACTIVE", lb!.ProvisioningStatus);
        Assert.Equal(3, handler.Requests);
        Assert.Equal(2, client.ReadRetries);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task GetLoadBalancer_AnAnswerThatIsNotTransient_NotRetried(HttpStatusCode status)
    {
        // Given
        var (client, handler, clock) = Client(Status(status), Status(HttpStatusCode.OK, Lb));

        // When
        var error = await Assert.ThrowsAsync<OpenStackException>(() =>
            FakeClock.RunAsync(clock, client.GetLoadBalancerAsync("lb-1"), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1)));

        // Then
        Assert.Equal(status, error.Status);
        Assert.Equal(1, handler.Requests);
        Assert.Equal(0, client.ReadRetries);
    }

    [Fact]
    public async Task GetLoadBalancer_404_NullWithoutRetry()
    {
        var (client, handler, _) = Client(Status(HttpStatusCode.NotFound), Status(HttpStatusCode.OK, Lb));

        Assert.Null(await client.GetLoadBalancerAsync("lb-1"));
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task GetLoadBalancer_ATryThatNeverAnswers_GivenUpAfterItsTimeoutAndAskedAgain()
    {
        // Given: the first GET hangs; one try may take 20 s
        var (client, handler, clock) = Client(Hang(), Status(HttpStatusCode.OK, Lb));

        // When
        var started = clock.GetUtcNow();
        var lb = await FakeClock.RunAsync(clock, client.GetLoadBalancerAsync("lb-1"), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        // Then: asked again once the 20 s were up, not before and not much later
        Assert.NotNull(lb);
        Assert.Equal(2, handler.Requests);
        Assert.InRange(clock.GetUtcNow() - started, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task GetLoadBalancer_TransientFailuresOutlastTheRetries_TheLastErrorAfterMaxRetriesPlusOneTries()
    {
        // Given: every GET answers 503
        var (client, handler, clock) = Client(Enumerable.Repeat(Status(HttpStatusCode.ServiceUnavailable), 20).ToArray());

        // When
        var error = await Assert.ThrowsAsync<OpenStackException>(() =>
            FakeClock.RunAsync(clock, client.GetLoadBalancerAsync("lb-1"), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)));

        // Then
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(new ReadRetryOptions().MaxRetries + 1, handler.Requests);
    }

    [Fact]
    public async Task GetLoadBalancer_TheAttemptIsCancelledDuringABackoff_StopsAtOnce()
    {
        // Given: every GET answers 503, and the attempt's token is cancelled after the first
        var (client, handler, clock) = Client(Enumerable.Repeat(Status(HttpStatusCode.ServiceUnavailable), 20).ToArray());
        using var cancel = new CancellationTokenSource();
        var read = client.GetLoadBalancerAsync("lb-1", cancel.Token);

        // When
        await Task.Delay(50);
        await cancel.CancelAsync();

        // Then: no further request; the cancellation ends the read
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Equal(1, handler.Requests);
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow() - Start);
    }

    [Fact]
    public async Task Failover_503_NotRetried()
    {
        var (client, handler, _) = Client(Status(HttpStatusCode.ServiceUnavailable), Status(HttpStatusCode.Accepted, "{}"));

        var error = await Assert.ThrowsAsync<OpenStackException>(() => client.FailoverAsync("lb-1"));

        Assert.True(error.IsTransient);
        Assert.Equal(1, handler.Requests);
    }

    private static (OctaviaClient Client, Scripted Handler, FakeTimeProvider Clock) Client(params Func<CancellationToken, Task<HttpResponseMessage>>[] answers)
    {
        var clock = new FakeTimeProvider(Start);
        var handler = new Scripted(answers);
        var session = new OpenStackSession(new CloudConfig { Name = "t", AuthKind = AuthKind.None, Endpoint = "http://octavia.invalid", Origin = "test" }, handler, clock);
        return (new OctaviaClient(session), handler, clock);
    }

    private static Func<CancellationToken, Task<HttpResponseMessage>> Status(HttpStatusCode status, string body = """{"faultstring": "no"}""") =>
        _ => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    private static Func<CancellationToken, Task<HttpResponseMessage>> Reset() =>
        _ => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection reset by peer"));

    private static Func<CancellationToken, Task<HttpResponseMessage>> Hang() => async token =>
    {
        await Task.Delay(Timeout.Infinite, token);
        throw new InvalidOperationException("unreachable");
    };

    private sealed class Scripted(Func<CancellationToken, Task<HttpResponseMessage>>[] answers) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            answers[Interlocked.Increment(ref _requests) - 1](cancellationToken);
    }
}
