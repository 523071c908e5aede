using System.Text;
using Planner.Diagnostics;
using Planner.Plans;
using Planner.Tests.Corpus;

namespace Planner.Tests.Plans;

/// <summary>
/// Inputs the mutation test (tests/Cli.Tests/Mutation) found crashing the planner, one per kind of crash: each is now
/// a located diagnostic. The plans run against the example clusters in plans/clusters.
/// </summary>
public sealed class BadInputTests
{
    private const string Header = """
        apiVersion: mplan/v1
        kind: MaintenancePlan
        metadata: {name: bad-input}

        """;

    /// <summary>A plan (after the header) that crashed, and what it says now: a window, a retry, a worst case, an integer.</summary>
    public static TheoryData<string, string> Crashes() => new()
    {
        {
            // .inf in a list of unique items: JsonSchema.Net compared it as a decimal and threw.
            """
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {dc-central: {file: clusters/dc-central.yaml}}
            operations:
              - {id: rootca, uses: dcmanager.kube-rootca-update, select: {syncStatus: [.inf, out-of-sync]}}
            """,
            """
            generated.yaml:7:76: error MP104: number .inf is not one of 'out-of-sync', 'in-sync'
              hint: write one of these values exactly as listed (they are case-sensitive)
            1 error.

            """
        },
        {
            // An expiry selection counts 30d from the window's start, past the last date DateTimeOffset holds.
            """
            windows: [{start: 9999-12-31T23:59:59Z, duration: 4h}]
            clusters: {osh-dev: {file: clusters/osh-dev.yaml}}
            operations:
              - {id: failover, uses: octavia.loadbalancer-failover, select: {certExpiresWithin: 30d}}
            """,
            """
            generated.yaml:4:19: error MP207: the window starts in the year 9999, too far ahead to plan
              hint: windows must end before 9000-01-01: check the start's year
            1 error.

            """
        },
        {
            // The 100th attempt would wait 5s × 3^98: TimeSpan overflowed in the estimate.
            """
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {osh-dev: {file: clusters/osh-dev.yaml}}
            operations:
              - id: failover
                uses: octavia.loadbalancer-failover
                retry: {attempts: 100, delay: 5s, backoff: 3}
            """,
            """
            generated.yaml:9:12: error MP206: the wait before attempt 100 would be 3.3e+42 days (5s × 3^98); no wait may exceed 3650d
              hint: lower retry.attempts, retry.delay or retry.backoff
            1 error.

            """
        },
        {
            // 27 failovers, each up to 100 attempts of up to ten years: more than the scheduler's clock holds.
            """
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {osh-dev: {file: clusters/osh-dev.yaml}}
            operations:
              - id: preflight
                uses: mosk.osdpl-health
              - id: failover
                uses: octavia.loadbalancer-failover
                duration: {expected: 1m, max: 3650d}
                retry: {attempts: 100, delay: 0s}
            """,
            """
            generated.yaml:9:5: error MP206: at worst the plan's steps add up to 9,855,000 days (this operation's to 9,855,000), more than mplan plans for (100,000 days)
              hint: worst is every attempt to its timeout, one after another: lower duration.max or retry.attempts, or split the plan
            1 error.

            """
        },
        {
            // Hex beyond 64 bits: OverflowException in the schema's range check.
            """
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {osh-dev: {file: clusters/osh-dev.yaml}}
            operations:
              - {id: failover, uses: octavia.loadbalancer-failover, concurrency: 0xFFFFFFFFFFFFFFFFFFFF}
            """,
            """
            generated.yaml:7:70: error MP106: 0xFFFFFFFFFFFFFFFFFFFF is more than the maximum 100000
              hint: use a value from 1 to 100000
            1 error.

            """
        },
    };

    [Theory]
    [MemberData(nameof(Crashes))]
    public void Build_InputThatCrashed_IsALocatedDiagnostic(string body, string expected)
    {
        // Given
        var plan = Header + body;

        // When
        var (resolved, rendered) = Build(plan);

        // Then
        Assert.Null(resolved);
        Assert.Equal(expected, rendered);
    }

    [Fact]
    public void Build_InstanceCountBeyondAnyNode_IsOutOfRangeNotAHang()
    {
        // Given: five billion instances to live-migrate off one node
        var cluster = MoskProd().Replace("instances: 5}", "instances: 5000000000}", StringComparison.Ordinal);

        // When
        var (resolved, rendered) = UpdateMoskProd(cluster);

        // Then
        Assert.Null(resolved);
        Assert.StartsWith("clusters/mosk-prod.yaml:19:73: error MP", rendered, StringComparison.Ordinal);
        Assert.Contains("error MP106: 5000000000 is more than the maximum 10000", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ClusterFileTheBinderCannotRead_IsOnlyItsSchemaError()
    {
        // Given: subcloud groups that are strings, which the binder (run beside the schema check) cannot cast
        var cluster = MoskProd() + "subcloudGroups: [group-a]\n";

        // When
        var (resolved, rendered) = UpdateMoskProd(cluster);

        // Then: the binder's failure is dropped with the document it failed on; the schema says what is wrong
        Assert.Null(resolved);
        Assert.Equal("clusters/mosk-prod.yaml:35:18: error MP101: expected object, found string 'group-a'\n1 error.\n", rendered);
    }

    [Fact]
    public void Build_ValueWithControlCharacters_IsQuotedOnOnePrintableLine()
    {
        // Given: a line break, an escape sequence and a NUL in a value the diagnostic quotes
        var plan = Header + """
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {osh-dev: {file: clusters/osh-dev.yaml}}
            operations:
              - {id: check, uses: "mosk.osdpl-health\n\e[31m\0"}
            """;

        // When
        var (resolved, rendered) = Build(plan);

        // Then
        Assert.Null(resolved);
        var headline = rendered.Split('\n')[0];
        Assert.StartsWith("""generated.yaml:7:23: error MP104: string 'mosk.osdpl-health\n\u001B[31m\0' is not one of""", headline, StringComparison.Ordinal);
        Assert.DoesNotContain(rendered, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public void Build_ValuesOfFiftyThousandCharacters_AreQuotedShortened()
    {
        // Given: a duration and a needs entry the diagnostics quote
        var (cutoff, need) = (new string('x', 50_000), new string('y', 50_000));
        var plan = Header + $$$"""
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h, cutoff: {{{cutoff}}}}]
            clusters: {osh-dev: {file: clusters/osh-dev.yaml}}
            operations:
              - {id: check, uses: mosk.osdpl-health, needs: [{{{need}}}]}
            """;

        // When
        var (resolved, rendered) = Build(plan);

        // Then
        Assert.Null(resolved);
        Assert.Contains($"error MP105: '{new string('x', 40)}…{new string('x', 20)} (50000 characters)' is not a valid duration\n", rendered, StringComparison.Ordinal);
        Assert.Contains($"error MP202: 'check' needs '{new string('y', 40)}…{new string('y', 20)} (50000 characters)', which is not", rendered, StringComparison.Ordinal);
        Assert.All(rendered.Split('\n'), line => Assert.True(line.Length < 200, $"{line.Length} characters"));
    }

    private static string MoskProd() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "plans", "clusters", "mosk-prod.yaml"));

    // The node-by-node update of mosk-prod, with the cluster file given.
    private static (ResolvedPlan? Plan, string Rendered) UpdateMoskProd(string cluster) => Build(Header + """
        windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
        clusters: {mosk-prod: {file: clusters/mosk-prod.yaml}}
        operations:
          - {id: update, uses: mosk.cluster-update}
        """, ("clusters/mosk-prod.yaml", cluster));

    private static (ResolvedPlan? Plan, string Rendered) Build(string plan, params (string Path, string Text)[] files)
    {
        var overlay = files.Append(("generated.yaml", plan)).ToDictionary(f => f.Item1, f => Encoding.UTF8.GetBytes(f.Item2), StringComparer.Ordinal);
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("generated.yaml", new CaseFileSource(Path.Combine(RepositoryPaths.Root, "plans"), overlay), new Dictionary<string, string>(), diagnostics);
        return (resolved, DiagnosticText.Render(diagnostics.Sorted()));
    }
}
