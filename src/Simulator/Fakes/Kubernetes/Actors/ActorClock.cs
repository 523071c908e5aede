namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>The actors' clock: a simulated delay of D takes D / speed on the given time provider.</summary>
/// <param name="Time">The clock delays run on (the system clock, or a fake one in tests).</param>
/// <param name="Speed">How many times faster than real time the actors run.</param>
internal sealed record ActorClock(TimeProvider Time, double Speed)
{
    public DateTimeOffset Now => Time.GetUtcNow();

    public Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken) =>
        simulated <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(simulated / Speed, Time, cancellationToken);
}
