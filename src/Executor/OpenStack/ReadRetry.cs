using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Executor.OpenStack;

/// <summary>
/// How reads (GET, each page of a listing) are retried inside one attempt: a transient failure (no answer, a reset
/// connection, a read that took longer than <see cref="TryTimeout"/>, 408, 429 or a 5xx) is asked again after a
/// jittered, growing delay; any other answer (400, 401, 403, 404) is not. The attempt's cancellation token (the
/// operator, or the step's timeout) ends the retries and their waits. Changes (PUT, POST, DELETE) are never retried
/// here: whether one took effect is the driver's question, and whole attempts are the scheduler's.
/// </summary>
public sealed record ReadRetryOptions
{
    /// <summary>How many times one read is asked again before its failure ends the attempt.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>The median first delay; each further one doubles, with jitter (Polly's decorrelated jitter).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest delay between two tries.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One try that has no answer after this is given up and asked again. An idle Octavia answers a GET in ~30 ms and
    /// a busy one in a few seconds; a read stuck for this long is a lost connection, not a slow server.
    /// </summary>
    public TimeSpan TryTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Seeds the jitter, so a run's delays repeat for the same order of reads.</summary>
    public int JitterSeed { get; init; } = 1;
}

/// <summary>Builds the read pipeline of <see cref="ReadRetryOptions"/> and counts its retries.</summary>
internal sealed class ReadRetry
{
    private readonly Random _random;
    private readonly Lock _gate = new();
    private int _retries;

    public ReadRetry(ReadRetryOptions options, TimeProvider time)
    {
        _random = new Random(options.JitterSeed);
        Pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.Delay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Randomizer = NextDouble,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)),
                OnRetry = _ =>
                {
                    Interlocked.Increment(ref _retries);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.TryTimeout)
            .Build();
    }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>How many reads were asked again so far (for tests and diagnostics).</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>A failure worth asking again; the attempt's own cancellation never is (Polly stops on it first).</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        OpenStackException o => o.IsTransient,
        TimeoutRejectedException or HttpRequestException or IOException => true,
        _ => false,
    };

    private double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }
}
