namespace Executor.OpenStack;

/// <summary>
/// Polling and checks of the Octavia drivers. Polling starts short, because a failover takes about a second on an
/// idle Octavia, and backs off to a cap, because each GET costs the API ~30 ms of CPU: many workers polling every
/// 0.5 s measurably slow the worker that does the failovers (reference/octavia/REPORT.md, and bench/octavia-failover.sh).
/// </summary>
public sealed record OctaviaDriverOptions
{
    /// <summary>The first wait after the failover was accepted, before this run knows how long failovers take.</summary>
    public TimeSpan PollInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Each further wait is the previous one times this.</summary>
    public double PollFactor { get; init; } = 1.5;

    /// <summary>The longest wait between two polls.</summary>
    public TimeSpan PollMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Once failovers of this run have finished, the first poll of the next one waits this share of their typical
    /// duration (<see cref="FailoverLatency"/>), then polls every <see cref="PollNearExpected"/>, backing off like
    /// polling. Under load a failover takes what the queue in front of it takes: waiting for most of that before the
    /// first look saves polls, and looking often near the end finds it ACTIVE soon after it is.
    /// </summary>
    public double FirstPollShare { get; init; } = 0.8;

    /// <summary>The wait between polls after the first one, once a typical duration is known.</summary>
    public TimeSpan PollNearExpected { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The first wait after a 409 (the LB is PENDING_*); it backs off like polling.</summary>
    public TimeSpan BusyInitial { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The canary's check-online step normally waits for operating status ONLINE. Set this for deployments with no
    /// health manager (noop drivers, as in mplan's tests), where nothing ever reports ONLINE: the check then passes on
    /// provisioning status ACTIVE of every canary object and says so in its detail.
    /// </summary>
    public bool AcceptOfflineOperatingStatus { get; init; }

    /// <summary>How the client of these drivers retries reads inside an attempt (the client apply builds: <c>Cli/RealDrivers.cs</c>).</summary>
    public ReadRetryOptions Reads { get; init; } = new();
}

/// <summary>The growing waits between polls: initial, × factor each time, capped; optionally one different first wait.</summary>
public sealed class PollSchedule(TimeSpan initial, double factor, TimeSpan max, TimeSpan? first = null)
{
    private TimeSpan? _first = first;
    private TimeSpan _next = initial;

    public static PollSchedule ForPolling(OctaviaDriverOptions options) => new(options.PollInitial, options.PollFactor, options.PollMax);

    /// <summary>
    /// Polling for an operation expected to take about <paramref name="expected"/>: the first wait is
    /// <see cref="OctaviaDriverOptions.FirstPollShare"/> of it (at least <see cref="OctaviaDriverOptions.PollInitial"/>),
    /// the next ones start at <see cref="OctaviaDriverOptions.PollNearExpected"/>. Without an expectation: <see cref="ForPolling"/>.
    /// </summary>
    public static PollSchedule ForExpected(OctaviaDriverOptions options, TimeSpan? expected)
    {
        if (expected is not { } typical)
        {
            return ForPolling(options);
        }

        var first = TimeSpan.FromTicks(Math.Max(options.PollInitial.Ticks, (long)(typical.Ticks * options.FirstPollShare)));
        return new PollSchedule(options.PollNearExpected, options.PollFactor, options.PollMax, first);
    }

    public static PollSchedule ForBusy(OctaviaDriverOptions options) => new(options.BusyInitial, options.PollFactor, options.PollMax);

    /// <summary>The wait to use now; the following one is longer, up to the cap.</summary>
    public TimeSpan Next()
    {
        if (_first is { } first)
        {
            _first = null;
            return first;
        }

        var current = _next;
        var grown = TimeSpan.FromMilliseconds(current.TotalMilliseconds * factor);
        _next = grown > max ? max : grown;
        return current > max ? max : current;
    }
}

/// <summary>
/// How long the failovers of this run typically take, from the accepted PUT until they were seen ACTIVE: a moving
/// average over the recent ones, shared by all attempts of one driver (one cluster). Thread-safe.
/// </summary>
public sealed class FailoverLatency
{
    // Weight of the newest observation: recent failovers count most, one slow one does not swing it.
    private const double Weight = 0.25;
    private readonly Lock _gate = new();
    private double? _seconds;

    /// <summary>The typical duration so far, or null before the first failover finished.</summary>
    public TimeSpan? Expected
    {
        get
        {
            lock (_gate)
            {
                return _seconds is { } s ? TimeSpan.FromSeconds(s) : null;
            }
        }
    }

    /// <summary>Takes one finished failover's duration into the average.</summary>
    public void Observe(TimeSpan duration)
    {
        lock (_gate)
        {
            _seconds = _seconds is { } s ? s + (Weight * (duration.TotalSeconds - s)) : duration.TotalSeconds;
        }
    }
}
