using System.Net;
using System.Net.Sockets;
using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests.Kubernetes;

/// <summary><c>mplan fake kubernetes</c>: its command line, banner, kubeconfig (mode 0600, both contexts) and shutdown.</summary>
public sealed class FakeKubernetesCommandTests
{
    [Fact]
    public async Task It_serves_both_APIs_writes_a_private_kubeconfig_and_stops_when_cancelled()
    {
        using var directory = new TempDirectory();
        var kubeconfig = directory.Path("kubeconfig");
        var port = FreePort();
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var run = Task.Run(() => CliApp.RunAsync(
            ["fake", "kubernetes", "plans/clusters/mosk-prod.yaml", "--listen", $"127.0.0.1:{port}", "--kubeconfig-out", kubeconfig, "--speed", "600",
             "--clouds-out", directory.Path("clouds.yaml")],
            TextWriter.Synchronized(output), TextWriter.Synchronized(error), new FileSystemSource(), stop.Token));
        await Eventually.HoldsAsync(() => output.ToString().Contains("serving until interrupted", StringComparison.Ordinal) || run.IsCompleted, "the banner");
        Assert.False(run.IsCompleted, error.ToString());

        var mosk = await Kubectl(kubeconfig, "--context", "mosk-prod", "get", "nodes", "-o", "name");
        var management = await Kubectl(kubeconfig, "--context", "mgmt", "get", "clusters", "-n", "mosk-prod", "-o", "name");
        var token = File.ReadAllText(kubeconfig).Split("token: \"")[1].Split('"')[0];
        var inventoryError = new StringWriter();
        var inventoryExit = await CliApp.RunAsync(["inventory", "--kubeconfig", kubeconfig, "--context", "mosk-prod", "--os-cloud", "mosk-prod", "--out", directory.Path("live.yaml")],
            new StringWriter(), inventoryError, new FileSystemSource(), CancellationToken.None,
            new Dictionary<string, string> { ["OS_CLIENT_CONFIG_FILE"] = directory.Path("clouds.yaml"), ["HOME"] = directory.Root });
        await stop.CancelAsync();
        var exit = await run;

        var banner = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains($"MOSK API        https://127.0.0.1:{port}/  context mosk-prod", banner, StringComparison.Ordinal);
        Assert.Contains($"management API  https://127.0.0.1:{port + 1}/  context mgmt", banner, StringComparison.Ordinal);
        Assert.DoesNotContain(token, banner, StringComparison.Ordinal);
        Assert.EndsWith("stopped\n", banner, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kubeconfig));
        }

        Assert.Equal(15, mosk.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // --clouds-out: Keystone and Nova with the nodes' instances, for mplan inventory (the cloud named as the cluster)
        Assert.Contains("  OpenStack       http://127.0.0.1:", banner, StringComparison.Ordinal);
        Assert.True(inventoryExit == 0, inventoryError.ToString());
        Assert.Contains("mplan: 52 instance(s) from Nova on 10 node(s)", inventoryError.ToString(), StringComparison.Ordinal);
        Assert.Equal("cluster.cluster.k8s.io/mosk-prod\n", management);
    }

    [Fact]
    public async Task A_bad_speed_or_listen_address_is_refused_before_serving()
    {
        var speed = await Mplan.RunAsync("fake", "kubernetes", "plans/clusters/mosk-prod.yaml", "--speed", "0");
        var listen = await Mplan.RunAsync("fake", "kubernetes", "plans/clusters/mosk-prod.yaml", "--listen", "nowhere");

        Assert.Equal((1, "mplan: --speed must be a number above 0\n"), (speed.ExitCode, speed.Error));
        Assert.Equal(1, listen.ExitCode);
        Assert.Contains("expected HOST:PORT", listen.Error, StringComparison.Ordinal);
    }

    private static async Task<string> Kubectl(string kubeconfig, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(KubeLab.Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["HOME"] = Path.GetDirectoryName(kubeconfig);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }

    // A port whose successor is free too (the management API takes the next one).
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no two consecutive free ports");
    }
}
