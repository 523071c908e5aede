using System.Collections.Concurrent;
using Executor.Drivers;

namespace Executor.Tests.Apply;

/// <summary>
/// A failover driver whose attempts are scripted per LB id: each attempt submits, waits, and ends as scripted
/// (default: success after <see cref="Duration"/>). Counts calls and the most attempts in flight at once.
/// </summary>
internal sealed class ScriptedDriver : IStepDriver
{
    private readonly ConcurrentDictionary<(string Target, int Attempt), Func<CancellationToken, Task<AttemptResult>>> _script = new();
    private int _running;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMilliseconds(40);

    public ConcurrentQueue<string> Runs { get; } = new();

    public ConcurrentQueue<(string Target, bool Submitted)> Observed { get; } = new();

    public int MostAtOnce { get; private set; }

    /// <summary>What <see cref="ObserveAsync"/> answers: null means "nothing was sent".</summary>
    public Func<string, AttemptResult?> Observe { get; init; } = _ => AttemptResult.Success("observed ACTIVE");

    public ScriptedDriver On(string target, int attempt, Func<CancellationToken, Task<AttemptResult>> outcome)
    {
        _script[(target, attempt)] = outcome;
        return this;
    }

    public ScriptedDriver Fail(string target, int attempt) => On(target, attempt, _ => Task.FromResult(AttemptResult.Failure("went to ERROR")));

    /// <summary>The attempt submits, then fails without a verdict (its wait broke off), as a driver whose poll failed does.</summary>
    public ScriptedDriver Throw(string target, int attempt) =>
        On(target, attempt, _ => throw new HttpRequestException("connection reset while polling"));

    public ScriptedDriver Hang(string target, int attempt) => On(target, attempt, async token =>
    {
        await Task.Delay(Timeout.Infinite, token);
        return AttemptResult.Success();
    });

    public bool Handles(string uses, string action) => uses == "octavia.loadbalancer-failover" && action == "failover";

    public async Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var target = call.Step.TargetId!;
        Runs.Enqueue($"{target}#{call.Attempt}");
        var now = Interlocked.Increment(ref _running);
        lock (Runs)
        {
            MostAtOnce = Math.Max(MostAtOnce, now);
        }

        try
        {
            await call.Submitted("PUT failover: 202");
            if (_script.TryGetValue((target, call.Attempt), out var scripted))
            {
                return await scripted(cancellationToken);
            }

            await Task.Delay(Duration, cancellationToken);
            return AttemptResult.Success("ACTIVE", new Dictionary<string, string> { ["amphora"] = "old → new" });
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken)
    {
        Observed.Enqueue((call.Step.TargetId!, submitted));
        return Task.FromResult(Observe(call.Step.TargetId!));
    }
}
