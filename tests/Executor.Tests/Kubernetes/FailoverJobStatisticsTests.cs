using Executor.Kubernetes;

namespace Executor.Tests.Kubernetes;

/// <summary>Reading the statistics Rockoon's failover Job logs, in its exact format (CONTRACTS §2.3).</summary>
public sealed class FailoverJobStatisticsTests
{
    private const string Log = """
        2025-11-10 11:58:01 INFO Starting failover of 3 loadbalancers
        2025-11-10 12:00:00 DEBUG Detailed statistics:
        CANCELLED: []
        FAILED:
        - 9a1e5c2d-0000-4000-8000-000000000003
        RECOVERY_FAILED: []
        SKIPPED:
        - 0fdb0ca7-0a38-4aea-891c-daaed40bcafe
        SUCCESS:
        - 34d5f4a5-cbbc-43a0-878f-b8a26370e6e7

        2025-11-10 12:00:00 INFO General statistic for loadbalancer failover:
          SUCCESS: 1  FAILED: 1  RECOVERY_FAILED: 0  SKIPPED: 1  CANCELLED: 0
        """;

    [Fact]
    public void Parse_RockoonsLog_GivesEachLoadBalancersResultAndTheCounters()
    {
        // When
        var statistics = FailoverJobStatistics.Parse(Log);

        // Then
        Assert.Equal("SUCCESS", statistics.ResultByLoadBalancer["34d5f4a5-cbbc-43a0-878f-b8a26370e6e7"]);
        Assert.Equal("SKIPPED", statistics.ResultByLoadBalancer["0fdb0ca7-0a38-4aea-891c-daaed40bcafe"]);
        Assert.Equal("FAILED", statistics.ResultByLoadBalancer["9a1e5c2d-0000-4000-8000-000000000003"]);
        Assert.Equal(3, statistics.ResultByLoadBalancer.Count);
        Assert.Equal(0, statistics.Counts["RECOVERY_FAILED"]); // Not mistaken for FAILED inside RECOVERY_FAILED.
        Assert.Equal(1, statistics.Counts["FAILED"]);
        Assert.True(statistics.Complete);
        Assert.Equal("SUCCESS: 1  FAILED: 1  RECOVERY_FAILED: 0  SKIPPED: 1  CANCELLED: 0", statistics.CountsLine);
    }

    [Fact]
    public void Parse_TwoRunsInOneLog_TheLastBlockWins()
    {
        // Given: a crashed first run logged nothing final; kopf ran the failover again and this is the second Job's log
        var first = Log.Replace("FAILED:\n- 9a1e5c2d", "FAILED: []\nSUCCESS_OLD:\n- 9a1e5c2d", StringComparison.Ordinal);
        var second = Log.Replace("FAILED:\n- 9a1e5c2d-0000-4000-8000-000000000003", "FAILED: []", StringComparison.Ordinal)
            .Replace("SUCCESS:\n- 34d5", "SUCCESS:\n- 9a1e5c2d-0000-4000-8000-000000000003\n- 34d5", StringComparison.Ordinal);

        // When
        var statistics = FailoverJobStatistics.Parse(first + "\n" + second);

        // Then
        Assert.Equal("SUCCESS", statistics.ResultByLoadBalancer["9a1e5c2d-0000-4000-8000-000000000003"]);
    }

    [Fact]
    public void Parse_LogWithoutTheEnd_IsNotComplete()
    {
        var statistics = FailoverJobStatistics.Parse("2025-11-10 11:58:01 INFO Starting failover of 3 loadbalancers\n");

        Assert.False(statistics.Complete);
        Assert.Empty(statistics.ResultByLoadBalancer);
    }
}
