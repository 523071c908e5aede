using Executor.OpenStack;

namespace Executor.Tests.OpenStack;

public sealed class PollScheduleTests
{
    private static readonly OctaviaDriverOptions Defaults = new();

    [Fact]
    public void ForExpected_TypicalDurationKnown_FirstWaitIsItsShareThenShortGrowingPolls()
    {
        // Given failovers that typically take 10 s
        var schedule = PollSchedule.ForExpected(Defaults, TimeSpan.FromSeconds(10));

        // When
        var waits = Enumerable.Range(0, 8).Select(_ => schedule.Next().TotalMilliseconds).ToList();

        // Then: 80 % of 10 s, then 1 s growing by 1.5 up to the 5 s cap
        Assert.Equal([8000, 1000, 1500, 2250, 3375, 5000, 5000, 5000], waits);
    }

    [Fact]
    public void ForExpected_VeryShortTypicalDuration_FirstWaitIsNeverBelowTheInitialPoll()
    {
        // Given failovers that typically take 0.2 s
        var schedule = PollSchedule.ForExpected(Defaults, TimeSpan.FromMilliseconds(200));

        // When / Then
        Assert.Equal(Defaults.PollInitial, schedule.Next());
        Assert.Equal(Defaults.PollNearExpected, schedule.Next());
    }

    [Fact]
    public void ForExpected_NothingKnownYet_PollsAsBefore()
    {
        // Given no finished failover yet
        var expected = PollSchedule.ForExpected(Defaults, null);
        var plain = PollSchedule.ForPolling(Defaults);

        // When / Then: the same waits as plain polling
        Assert.Equal(Enumerable.Range(0, 6).Select(_ => plain.Next()), Enumerable.Range(0, 6).Select(_ => expected.Next()));
    }

    [Fact]
    public void FailoverLatency_Observations_MoveTheAverageAQuarterOfTheWayEachTime()
    {
        // Given
        var latency = new FailoverLatency();
        Assert.Null(latency.Expected);

        // When: 4 s, then 8 s
        latency.Observe(TimeSpan.FromSeconds(4));
        var afterFirst = latency.Expected;
        latency.Observe(TimeSpan.FromSeconds(8));

        // Then: the first is taken as it is; the second moves it to 4 + (8 - 4) / 4 = 5 s
        Assert.Equal(TimeSpan.FromSeconds(4), afterFirst);
        Assert.Equal(TimeSpan.FromSeconds(5), latency.Expected);
    }
}
