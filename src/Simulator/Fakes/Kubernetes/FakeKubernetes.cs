using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Planner.Model;
using Simulator.Fakes.Kubernetes.Actors;

namespace Simulator.Fakes.Kubernetes;

/// <summary>
/// A faithful fake of a MOSK cluster's Kubernetes API and its management cluster's, built from a cluster file:
/// two HTTPS servers (one CA, one bearer token), the objects of the file, and actors that play Rockoon, the LCM
/// and the DaemonSet controller on a clock <see cref="FakeKubernetesOptions.Speed"/> times faster than real time.
/// </summary>
/// <example>
/// <code>
/// await using var fake = await FakeKubernetes.StartAsync(inventory, new FakeKubernetesOptions { Speed = 600 });
/// fake.WriteKubeconfig(path);                 // contexts fake.Context and fake.ManagementContext
/// var nodes = fake.Mosk.Store.List(ResourceTypes.Nodes).Items;
/// </code>
/// </example>
public sealed class FakeKubernetes : IAsyncDisposable
{
    private readonly TestCertificates _certificates;
    private readonly List<IAsyncDisposable> _actors = [];
    private readonly ConcurrentQueue<Exception> _actorErrors = new();

    private FakeKubernetes(ClusterInventory inventory, FakeKubernetesOptions options, TestCertificates certificates, FakeApiServer mosk, FakeApiServer management)
    {
        Inventory = inventory;
        Options = options;
        _certificates = certificates;
        Mosk = mosk;
        Management = management;
        Token = options.Token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Context = inventory.Kubernetes.Context ?? inventory.Name;
        ManagementContext = inventory.Kubernetes.ManagementContext ?? Context;
    }

    /// <summary>The cluster file it serves.</summary>
    public ClusterInventory Inventory { get; }

    /// <summary>How it was started.</summary>
    public FakeKubernetesOptions Options { get; }

    /// <summary>The MOSK cluster's API server.</summary>
    public FakeApiServer Mosk { get; }

    /// <summary>The management cluster's API server; the same object as <see cref="Mosk"/> when the cluster file names no management context.</summary>
    public FakeApiServer Management { get; }

    /// <summary>The MOSK API, e.g. <c>https://127.0.0.1:6443/</c>.</summary>
    public Uri Url => Mosk.Url;

    /// <summary>The management API (the MOSK one when there is no separate management context).</summary>
    public Uri ManagementUrl => Management.Url;

    /// <summary>The bearer token both servers accept.</summary>
    public string Token { get; }

    /// <summary>The CA that signed both servers' certificates, in PEM.</summary>
    public string CaPem => _certificates.CaPem;

    /// <summary>The MOSK context's name: the cluster file's <c>kubernetes.context</c>, else its metadata.name.</summary>
    public string Context { get; }

    /// <summary>The management context's name: <c>kubernetes.management.context</c>, else <see cref="Context"/>.</summary>
    public string ManagementContext { get; }

    /// <summary>What went wrong inside the actors (they never throw into a client's request); tests assert it is empty.</summary>
    public IReadOnlyCollection<Exception> ActorErrors => _actorErrors;

    /// <summary>The behaviour the actors follow.</summary>
    public FakeBehaviour Behaviour { get; private set; } = new();

    /// <summary>Whether the management cluster has its own server (the cluster file names a management context).</summary>
    public bool HasSeparateManagement => !ReferenceEquals(Mosk, Management);

    /// <summary>Builds the objects of <paramref name="inventory"/> and starts serving them.</summary>
    /// <param name="inventory">The cluster file, loaded.</param>
    /// <param name="options">Where and how fast; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeKubernetes> StartAsync(ClusterInventory inventory, FakeKubernetesOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        options ??= new FakeKubernetesOptions();
        var time = options.Time ?? TimeProvider.System;
        var certificates = TestCertificates.Create(TimeProvider.System.GetUtcNow());
        var token = options.Token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var separate = inventory.Kubernetes.ManagementContext is { } m && m != (inventory.Kubernetes.Context ?? inventory.Name);
        var moskStore = new ObjectStore(separate ? ResourceTypes.Mosk : ResourceTypes.Combined, time, options.Seed);
        var mosk = new FakeApiServer(moskStore, token);
        var management = separate ? new FakeApiServer(new ObjectStore(ResourceTypes.Management, time, options.Seed + 1), token) : mosk;
        ClusterSeeder.SeedMosk(moskStore, inventory, time);
        ClusterSeeder.SeedManagement(management.Store, inventory);
        RotationAdmission.Register(moskStore);
        var fake = new FakeKubernetes(inventory, options with { Token = token }, certificates, mosk, management);
        try
        {
            if (options.Actors)
            {
                fake.StartActors(time);
            }

            await mosk.StartAsync(options.Listen ?? new IPEndPoint(IPAddress.Loopback, 0), certificates.Server, cancellationToken);
            if (separate)
            {
                await StartManagementAsync(management, options.Listen, certificates, cancellationToken);
            }

            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    // The port after the MOSK API's when that one was given (and is free), else any free port.
    private static async Task StartManagementAsync(FakeApiServer management, IPEndPoint? listen, TestCertificates certificates, CancellationToken cancellationToken)
    {
        if (listen is { Port: > 0 and < IPEndPoint.MaxPort })
        {
            try
            {
                await management.StartAsync(new IPEndPoint(listen.Address, listen.Port + 1), certificates.Server, cancellationToken);
                return;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // Taken (Kestrel reports it as either): fall back to a free one.
            }
        }

        await management.StartAsync(new IPEndPoint(listen?.Address ?? IPAddress.Loopback, 0), certificates.Server, cancellationToken);
    }

    private void StartActors(TimeProvider time)
    {
        Behaviour = Options.Behaviour ?? FakeBehaviour.From(Inventory, Options.Seed);
        var clock = new ActorClock(time, Options.Speed);
        StoreActor[] actors =
        [
            new RotationActor(Mosk.Store, clock, _actorErrors, Inventory, Behaviour, Mosk.Logs),
            new NodeMaintenanceActor(Mosk.Store, clock, _actorErrors, Inventory, Behaviour),
            new DaemonSetController(Mosk.Store, clock, _actorErrors, Behaviour),
            new LcmActor(Management.Store, Mosk.Store, clock, _actorErrors, Inventory, Behaviour),
        ];
        foreach (var actor in actors)
        {
            actor.Start();
            _actors.Add(actor);
        }
    }

    /// <summary>The kubeconfig text: one context per server (<see cref="Context"/>, <see cref="ManagementContext"/>), current = the MOSK one.</summary>
    public string KubeconfigText()
    {
        var contexts = new List<(string, Uri)> { (Context, Url) };
        if (HasSeparateManagement)
        {
            contexts.Add((ManagementContext, ManagementUrl));
        }

        return Kubeconfig.Render(contexts, Token, CaPem, Context);
    }

    /// <summary>Writes <see cref="KubeconfigText"/> to <paramref name="path"/>, readable by its owner only (it holds the token).</summary>
    /// <param name="path">The file to create or replace.</param>
    public void WriteKubeconfig(string path) => Kubeconfig.Write(path, KubeconfigText());

    public async ValueTask DisposeAsync()
    {
        foreach (var actor in _actors)
        {
            await actor.DisposeAsync();
        }

        await Mosk.DisposeAsync();
        if (HasSeparateManagement)
        {
            await Management.DisposeAsync();
        }

        _certificates.Dispose();
    }
}
