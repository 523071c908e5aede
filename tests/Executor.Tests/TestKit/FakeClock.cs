using Microsoft.Extensions.Time.Testing;

namespace Executor.Tests.TestKit;

/// <summary>Drives a <see cref="FakeTimeProvider"/> while real asynchronous work runs on it.</summary>
internal static class FakeClock
{
    /// <summary>
    /// Moves <paramref name="clock"/> on by <paramref name="step"/> while <paramref name="work"/> runs, with a real
    /// millisecond between moves so the work reaches its next wait; fails once <paramref name="limit"/> of fake time passed.
    /// </summary>
    public static async Task<T> RunAsync<T>(FakeTimeProvider clock, Task<T> work, TimeSpan step, TimeSpan limit)
    {
        var start = clock.GetUtcNow();
        while (!work.IsCompleted)
        {
            await Task.Delay(1);
            clock.Advance(step);
            Assert.True(clock.GetUtcNow() - start < limit, $"the work did not end within {limit} of fake time");
        }

        return await work;
    }
}
