namespace Cli.Tests.Kubernetes;

/// <summary>
/// The system clock, except that timers falling due while it is held fire only once it is released. Every step of the
/// fake's actors waits on a delay, so a held clock stands the cluster still: a test can put faults in front of mplan's
/// waits without racing the rotation to its end on a busy machine.
/// </summary>
internal sealed class HeldClock : TimeProvider
{
    private readonly Lock _gate = new();
    private List<Action>? _deferred;   // not null while held

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(s => Fire(callback, s), state, dueTime, period);

    /// <summary>From now on, timers that fall due wait for <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _deferred ??= [];
        }
    }

    /// <summary>Fires the timers that fell due while held, in that order, and lets the rest fire when due.</summary>
    public void Release()
    {
        List<Action>? due;
        lock (_gate)
        {
            (due, _deferred) = (_deferred, null);
        }

        foreach (var fire in due ?? [])
        {
            fire();
        }
    }

    private void Fire(TimerCallback callback, object? state)
    {
        lock (_gate)
        {
            if (_deferred is not null)
            {
                _deferred.Add(() => callback(state));
                return;
            }
        }

        callback(state);
    }
}
