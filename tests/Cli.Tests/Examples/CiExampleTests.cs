using System.Diagnostics;
using Cli.Tests.TestKit;
using Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace Cli.Tests.Examples;

/// <summary>
/// examples/ci: the GitHub Actions and GitLab CI jobs run examples/ci/mplan-review.sh. These tests run the very command
/// each job runs, in a copy of a plans repository, with the mplan under test: snapshots written, then matched, then a
/// changed plan failing the job with its diff, and an invalid plan failing it with SARIF results.
/// </summary>
public sealed class CiExampleTests
{
    private static readonly string[] Plans = ["amphora-failover.yaml", "kube-rootca-update.yaml"];

    public static TheoryData<string> Jobs() => ["github-actions.yml", "gitlab-ci.yml"];

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task Job_ReviewCommand_WritesSnapshotsThenPassesThenFailsOnDrift(string job)
    {
        // Given: a plans repository with two of the examples, and the job's command
        using var repository = PlansRepository();
        var command = ReviewCommand(job);

        // When: the first run writes the snapshots (as a contributor does with UPDATE_SNAPSHOTS=1), the second compares
        var (written, writeLog) = await RunAsync(repository.Root, command, update: true);
        var (passed, passLog) = await RunAsync(repository.Root, command, update: false);

        // Then
        Assert.True(written == 0, writeLog);
        Assert.True(passed == 0, passLog);
        Assert.Equal(Plans.Select(p => Path.ChangeExtension(p, ".plan.json")).Order(), Directory.GetFiles(repository.Path("plans/snapshots")).Select(Path.GetFileName).Order());
        Assert.Equal("", await File.ReadAllTextAsync(repository.Path("out/drift.diff")));
        var review = await File.ReadAllTextAsync(repository.Path("out/review.md"));
        Assert.Contains("amphora-failover", review, StringComparison.Ordinal);
        Assert.Contains("<summary>simulate plans/kube-rootca-update.yaml (20 trials, seed 1)</summary>", review, StringComparison.Ordinal);
        Assert.DoesNotContain("Drift", review, StringComparison.Ordinal);

        // When: a plan changes (more workers) without its snapshot
        var plan = repository.Path("plans/amphora-failover.yaml");
        await File.WriteAllTextAsync(plan, (await File.ReadAllTextAsync(plan)).Replace("concurrency: 5", "concurrency: 7", StringComparison.Ordinal));
        var (drifted, driftLog) = await RunAsync(repository.Root, command, update: false);

        // Then: the job fails, says which snapshot, and the diff shows the change
        Assert.Equal(1, drifted);
        Assert.Contains("plans/amphora-failover.yaml: the plan differs from its snapshot", driftLog, StringComparison.Ordinal);
        Assert.Contains("+", await File.ReadAllTextAsync(repository.Path("out/drift.diff")), StringComparison.Ordinal);
        Assert.Contains("**Drift:**", await File.ReadAllTextAsync(repository.Path("out/review.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_InvalidPlan_FailsWithTheErrorInTheSarifLog()
    {
        // Given
        using var repository = PlansRepository();
        var plan = repository.Path("plans/amphora-failover.yaml");
        await File.WriteAllTextAsync(plan, (await File.ReadAllTextAsync(plan)).Replace("concurrency: 5", "concurrency: five", StringComparison.Ordinal));

        // When
        var (exit, log) = await RunAsync(repository.Root, ReviewCommand("github-actions.yml"), update: true);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains("plans/amphora-failover.yaml:", log, StringComparison.Ordinal);
        var sarif = await File.ReadAllTextAsync(repository.Path("out/mplan.sarif"));
        Assert.Contains("\"ruleId\": \"MP101\"", sarif, StringComparison.Ordinal);
        Assert.Contains("\"uri\": \"plans/amphora-failover.yaml\"", sarif, StringComparison.Ordinal);
    }

    /// <summary>The job's command that runs the review script: a GitHub step's <c>run</c> or a GitLab job's <c>script</c> line.</summary>
    private static string ReviewCommand(string job)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Repository.Root, "examples", "ci", job)))
        {
            yaml.Load(reader);
        }

        var commands = Scalars(yaml.Documents[0].RootNode).Where(s => s.Contains("examples/ci/mplan-review.sh", StringComparison.Ordinal)).ToList();
        return Assert.Single(commands);
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Scalars),
        _ => [],
    };

    private static TempDirectory PlansRepository()
    {
        var repository = new TempDirectory();
        Directory.CreateDirectory(repository.Path("plans/clusters"));
        Directory.CreateDirectory(repository.Path("examples/ci"));
        foreach (var plan in Plans)
        {
            File.Copy(Path.Combine(Repository.Root, "plans", plan), repository.Path("plans/" + plan));
        }

        foreach (var cluster in Directory.GetFiles(Path.Combine(Repository.Root, "plans", "clusters")))
        {
            File.Copy(cluster, repository.Path("plans/clusters/" + Path.GetFileName(cluster)));
        }

        File.Copy(Path.Combine(Repository.Root, "examples", "ci", "mplan-review.sh"), repository.Path("examples/ci/mplan-review.sh"));
        return repository;
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string directory, string command, bool update)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        // The installed tool in CI; elsewhere the apphost beside this assembly stands for it.
        start.Environment["MPLAN"] = MplanProcess.UnderTest ?? Path.Combine(AppContext.BaseDirectory, "mplan");
        start.Environment["TRIALS"] = "20";
        start.Environment["UPDATE_SNAPSHOTS"] = update ? "1" : "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
