namespace Executor.OpenStack;

/// <summary>
/// Polling and checks of the Octavia drivers. Polling starts short, because a failover takes about a second on an
/// idle Octavia, and backs off to a cap, because each GET costs the API ~30 ms of CPU: many workers polling every
/// 0.5 s measurably slow the worker that does the failovers (reference/octavia/REPORT.md, and bench/octavia-failover.sh).
/// </summary>
public sealed record OctaviaDriverOptions
{
    /// <summary>The first wait after the failover was accepted.</summary>
    public TimeSpan PollInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Each further wait is the previous one times this.</summary>
    public double PollFactor { get; init; } = 1.5;

    /// <summary>The longest wait between two polls.</summary>
    public TimeSpan PollMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait after a 409 (the LB is PENDING_*); it backs off like polling.</summary>
    public TimeSpan BusyInitial { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The canary's check-online step normally waits for operating status ONLINE. Set this for deployments with no
    /// health manager (noop drivers, as in mplan's tests), where nothing ever reports ONLINE: the check then passes on
    /// provisioning status ACTIVE of every canary object and says so in its detail.
    /// </summary>
    public bool AcceptOfflineOperatingStatus { get; init; }
}

/// <summary>The growing waits between polls: initial, × factor each time, capped.</summary>
public sealed class PollSchedule(TimeSpan initial, double factor, TimeSpan max)
{
    private TimeSpan _next = initial;

    public static PollSchedule ForPolling(OctaviaDriverOptions options) => new(options.PollInitial, options.PollFactor, options.PollMax);

    public static PollSchedule ForBusy(OctaviaDriverOptions options) => new(options.BusyInitial, options.PollFactor, options.PollMax);

    /// <summary>The wait to use now; the following one is longer, up to the cap.</summary>
    public TimeSpan Next()
    {
        var current = _next;
        var grown = TimeSpan.FromMilliseconds(current.TotalMilliseconds * factor);
        _next = grown > max ? max : grown;
        return current > max ? max : current;
    }
}
