using System.Diagnostics;
using System.Globalization;
using Executor.Tests.OpenStack;

namespace Cli.Tests.TestKit;

/// <summary>
/// Reads the local Octavia's own database (MariaDB on the unix socket that <c>scripts/octavia-up.sh</c> set up), for
/// facts the API hides: the API never lists DELETED amphorae, but every failover leaves the replaced amphora's row
/// behind as DELETED, so the rows per load balancer count its failovers (1 + failovers, with the SINGLE topology).
/// The connection comes from <c>[database] connection</c> in the instance's octavia.conf.
/// </summary>
internal static class OctaviaDatabase
{
    /// <summary>How many amphora rows (any status) and how many DELETED ones each of <paramref name="loadBalancers"/> has.</summary>
    public static async Task<IReadOnlyDictionary<string, (int Rows, int Deleted)>> AmphoraRowsAsync(IReadOnlyCollection<string> loadBalancers)
    {
        foreach (var id in loadBalancers)
        {
            Assert.True(Guid.TryParse(id, out _), $"not a load balancer id: {id}");
        }

        var list = string.Join(",", loadBalancers.Select(id => $"'{id}'"));
        var text = await QueryAsync($"SELECT load_balancer_id, COUNT(*), SUM(status = 'DELETED') FROM amphora WHERE load_balancer_id IN ({list}) GROUP BY load_balancer_id");
        var rows = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = line.Split('\t');
            rows[cells[0]] = (int.Parse(cells[1], CultureInfo.InvariantCulture), int.Parse(cells[2], CultureInfo.InvariantCulture));
        }

        return rows;
    }

    private static async Task<string> QueryAsync(string sql)
    {
        var (user, password, database, socket) = Connection();
        var start = new ProcessStartInfo("mariadb", ["--socket=" + socket, "--user=" + user, "--batch", "--skip-column-names", database, "-e", sql])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["MYSQL_PWD"] = password; // not on the command line
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the mariadb client");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"mariadb failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    // connection = mysql+pymysql://USER:PASSWORD@localhost/DATABASE?unix_socket=SOCKET
    private static (string User, string Password, string Database, string Socket) Connection()
    {
        var config = Path.Combine(OctaviaLab.WorkDirectory, "etc", "octavia.conf");
        var line = File.Exists(config)
            ? File.ReadLines(config).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("connection = mysql", StringComparison.Ordinal))
            : null;
        if (line is null)
        {
            throw new Xunit.Sdk.XunitException($"{config} has no MariaDB connection: this test reads Octavia's database, so run it against " +
                "an instance started by scripts/octavia-up.sh and point MPLAN_OCTAVIA_DIR at its work directory");
        }

        var uri = new Uri(line["connection = ".Length..].Replace("mysql+pymysql://", "mysql://", StringComparison.Ordinal));
        var credentials = uri.UserInfo.Split(':', 2);
        var socket = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).First(p => p[0] == "unix_socket")[1];
        return (Uri.UnescapeDataString(credentials[0]), Uri.UnescapeDataString(credentials[1]), uri.AbsolutePath.Trim('/'), socket);
    }
}
