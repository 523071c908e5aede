using System.Net;
using System.Security.Cryptography;
using Planner.Model;

namespace Simulator.Fakes.Keystone;

/// <summary>
/// A fake OpenStack control plane on loopback for <c>mplan inventory</c>: Keystone (<c>/v3</c>) and Nova
/// (<c>/compute/v2.1</c>) on one port, the catalog pointing at itself, the servers of a cluster file's nodes. Two users:
/// <see cref="Admin"/> (admin on project admin) and <see cref="Member"/> (member only, for Nova's 403s). Passwords are
/// random per start; only <see cref="CloudsYaml"/> holds them.
/// </summary>
public sealed class FakeOpenStack : IAsyncDisposable
{
    public const string Admin = "admin";
    public const string Member = "demo";
    public const string Region = "RegionOne";

    private readonly FakeHost _host;
    private readonly Dictionary<string, string> _passwords;

    private FakeOpenStack(FakeHost host, FakeKeystone keystone, FakeNova nova, Dictionary<string, string> passwords)
    {
        _host = host;
        Keystone = keystone;
        Nova = nova;
        _passwords = passwords;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url => _host.Url;

    public FakeKeystone Keystone { get; }

    public FakeNova Nova { get; }

    /// <summary>Nova's URL in the catalog: this fake's by default; another (where nothing listens) or null (no compute service) tests the inventory's fallbacks.</summary>
    public Uri? ComputeUrl { get; set; }

    /// <summary>Starts the fake with the servers of <paramref name="cluster"/>'s nodes.</summary>
    /// <param name="cluster">Its nodes and their instances.</param>
    /// <param name="listen">Where to listen (port 0: any free port).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeOpenStack> StartAsync(ClusterInventory cluster, IPEndPoint listen, CancellationToken cancellationToken = default)
    {
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Admin] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            [Member] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
        };
        FakeOpenStack? fake = null;
        var keystone = new FakeKeystone(
            [new KeystoneUser(Admin, passwords[Admin], "admin", ["admin", "member", "reader"]), new KeystoneUser(Member, passwords[Member], "demo", ["member", "reader"])],
            () => fake!.Catalog(), TimeProvider.System);
        var nova = new FakeNova(keystone, FakeServer.Of(cluster));
        var host = await FakeHost.StartAsync(listen, null, async context =>
        {
            if (!await keystone.TryHandleAsync(context) && !await nova.TryHandleAsync(context))
            {
                context.Response.StatusCode = 404;
            }
        }, cancellationToken);
        fake = new FakeOpenStack(host, keystone, nova, passwords);
        fake.ComputeUrl = new Uri(host.Url, FakeNova.Prefix.TrimStart('/'));
        return fake;
    }

    /// <summary>A clouds.yaml with one cloud, <paramref name="cloudName"/>, as <paramref name="user"/>.</summary>
    /// <param name="cloudName">The entry's name.</param>
    /// <param name="user"><see cref="Admin"/> or <see cref="Member"/>.</param>
    public string CloudsYaml(string cloudName, string user = Admin) =>
        FakeKeystone.CloudsYaml("a fake OpenStack (Keystone and Nova) on loopback", cloudName, Url, user, _passwords[user], user == Admin ? "admin" : "demo", Region);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private IReadOnlyList<CatalogService> Catalog()
    {
        IReadOnlyList<CatalogEndpoint> All(string at) => [.. new[] { "admin", "internal", "public" }.Select(i => new CatalogEndpoint(i, Region, at))];
        var identity = new CatalogService("identity", "keystone", All(Url.ToString().TrimEnd('/')));
        return ComputeUrl is { } compute ? [identity, new CatalogService("compute", "nova", All(compute.ToString()))] : [identity];
    }
}
