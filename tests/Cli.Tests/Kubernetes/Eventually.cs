namespace Cli.Tests.Kubernetes;

/// <summary>Waits for a condition the fake's actors make true, polling; fails with a description when it never holds.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<T?> probe, string what, double seconds = 30)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, double seconds = 30) =>
        GetAsync(() => condition() ? "" : null, what, seconds);
}
