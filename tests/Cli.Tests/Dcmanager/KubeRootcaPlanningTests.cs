using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests.Dcmanager;

/// <summary>Planning rules of dcmanager.kube-rootca-update that a new user meets: one strategy at a time, the release's options, cloud_name.</summary>
public sealed class KubeRootcaPlanningTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Validate_TwoUnorderedDcmanagerOperationsOnOneSystemController_RefusedWithWhereAndWhatToDo()
    {
        var plan = await Example(text => text + """

              - id: kube-rootca-east
                uses: dcmanager.kube-rootca-update
                select: {group: edge-west}

            """);

        var (exit, _, error) = await Mplan.RunAsync("validate", plan);

        Assert.Equal(1, exit);
        Assert.Matches(@"kube-rootca-update\.yaml:\d+:\d+: error MP217: operations kube-rootca and kube-rootca-east both create dcmanager strategies on system controller dc-central", error);
        Assert.Contains("add needs: [kube-rootca] to kube-rootca-east", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TwoDcmanagerOperationsOrderedByNeeds_Accepted()
    {
        var plan = await Example(text => text + """

              - id: kube-rootca-again
                uses: dcmanager.kube-rootca-update
                needs: [kube-rootca]
                select: {group: edge-west}

            """);

        var (exit, _, error) = await Mplan.RunAsync("validate", plan);

        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task Validate_CertFileOnRelease12_Refused()
    {
        var plan = await Example(text => text.Replace("      maxParallelSubclouds: 4\n", "      maxParallelSubclouds: 4\n      certFile: /home/sysadmin/ca.pem\n", StringComparison.Ordinal));

        var (exit, _, error) = await Mplan.RunAsync("validate", plan);

        Assert.Equal(1, exit);
        Assert.Contains("with.certFile is not an option of StarlingX 12.0", error, StringComparison.Ordinal);
        Assert.Contains("with.certFile and with.expiryDate cannot be combined", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_SeveralNamedSubclouds_OneStrategyPerSubcloudInTurn()
    {
        var plan = await Example(text => text.Replace("      syncStatus: [out-of-sync]\n", "      subclouds: [subcloud01, subcloud02, subcloud03]\n", StringComparison.Ordinal));

        var (exit, output, error) = await Mplan.RunAsync("plan", plan);

        Assert.True(exit == 0, error);
        Assert.Contains("3 targets (37 skipped), 1 at once", output, StringComparison.Ordinal);
        Assert.Contains("strategy              per-subcloud", output, StringComparison.Ordinal);
        Assert.Contains("one strategy per subcloud", output, StringComparison.Ordinal);
    }

    private async Task<string> Example(Func<string, string> edit)
    {
        Directory.CreateDirectory(_directory.Path("clusters"));
        File.Copy(Path.Combine(Repository.Root, "plans", "clusters", "dc-central.yaml"), _directory.Path("clusters/dc-central.yaml"));
        var text = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "plans", "kube-rootca-update.yaml"));
        var path = _directory.Path("kube-rootca-update.yaml");
        await File.WriteAllTextAsync(path, edit(text));
        return path;
    }
}
