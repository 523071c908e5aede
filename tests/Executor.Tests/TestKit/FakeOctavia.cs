using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Executor.Tests.TestKit;

/// <summary>
/// An in-process Octavia for the failover driver, on a given clock: load balancers with one amphora each; a failover
/// PUT answers 202 (409 while the LB is PENDING_UPDATE), the LB is PENDING_UPDATE for <see cref="FailoverTime"/>, then
/// ACTIVE on a new amphora. Reads fail transiently as configured (seeded): a 503, a reset connection or a read that
/// never answers. Counts the failovers it accepted per LB.
/// </summary>
internal sealed class FakeOctavia(TimeProvider time, int seed) : HttpMessageHandler
{
    public const string Url = "http://octavia.invalid";

    private readonly ConcurrentDictionary<string, FakeLb> _lbs = new(StringComparer.Ordinal);
    private int _faults;

    /// <summary>How long a failover keeps an LB PENDING_UPDATE.</summary>
    public TimeSpan FailoverTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The share of reads that fail: a third each 503, a reset connection and no answer at all.</summary>
    public double ReadFaultRate { get; init; }

    /// <summary>How long all reads of an LB fail (503) after a failover of it was accepted (LB, 1 for its first).</summary>
    public Func<string, int, TimeSpan> OutageAfterFailover { get; init; } = (_, _) => TimeSpan.Zero;

    /// <summary>Which failovers (LB, 1 for its first) end in ERROR instead of ACTIVE.</summary>
    public Func<string, int, bool> EndsInError { get; init; } = (_, _) => false;

    /// <summary>How many reads failed on purpose.</summary>
    public int Faults => Volatile.Read(ref _faults);

    // Each LB draws its faults from its own sequence: its requests come one after another, while the LBs' requests
    // interleave as the workers run, so one shared sequence gave each LB other faults from run to run.
    public void Add(string id) => _lbs[id] = new FakeLb { Random = new Random(unchecked((seed * 7919) + _lbs.Count)) };

    public string AmphoraOf(string id) => $"{id}-amphora-{_lbs[id].Generation}";

    /// <summary>Failovers accepted (PUT answered 202), per LB.</summary>
    public IReadOnlyDictionary<string, int> Failovers => _lbs.ToDictionary(p => p.Key, p => p.Value.Failovers, StringComparer.Ordinal);

    public string StatusOf(string id)
    {
        lock (_lbs[id])
        {
            return Settle(id, _lbs[id]);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
        if (request.Method == HttpMethod.Put && path.EndsWith("/failover", StringComparison.Ordinal))
        {
            return Failover(path.Split('/')[^2]);
        }

        var id = path.StartsWith("/v2/lbaas/loadbalancers/", StringComparison.Ordinal) ? path.Split('/')[^1] : query["loadbalancer_id"];
        if (request.Method != HttpMethod.Get || id is null || !_lbs.TryGetValue(id, out var lb))
        {
            return Answer(HttpStatusCode.NotFound, new JsonObject { ["faultstring"] = $"{request.Method} {path}: not here" });
        }

        if (await FaultAsync(lb, cancellationToken) is { } fault)
        {
            return fault;
        }

        lock (lb)
        {
            var status = Settle(id, lb);
            return path.StartsWith("/v2/octavia/amphorae", StringComparison.Ordinal)
                ? Answer(HttpStatusCode.OK, new JsonObject
                {
                    ["amphorae"] = new JsonArray(new JsonObject { ["id"] = AmphoraOf(id), ["loadbalancer_id"] = id, ["status"] = "ALLOCATED" }),
                    ["amphorae_links"] = new JsonArray(),
                })
                : Answer(HttpStatusCode.OK, new JsonObject
                {
                    ["loadbalancer"] = new JsonObject { ["id"] = id, ["name"] = id, ["provisioning_status"] = status, ["operating_status"] = "ONLINE" },
                });
        }
    }

    private HttpResponseMessage Failover(string id)
    {
        var lb = _lbs[id];
        lock (lb)
        {
            if (Settle(id, lb) == "PENDING_UPDATE")
            {
                return Answer(HttpStatusCode.Conflict, new JsonObject { ["faultstring"] = $"Invalid state PENDING_UPDATE of loadbalancer resource {id}" });
            }

            lb.Failovers++;
            lb.BusyUntil = time.GetUtcNow() + FailoverTime;
            lb.OutageUntil = time.GetUtcNow() + OutageAfterFailover(id, lb.Failovers);
            return Answer(HttpStatusCode.Accepted, new JsonObject());
        }
    }

    // Null: no fault this time.
    private async Task<HttpResponseMessage?> FaultAsync(FakeLb lb, CancellationToken cancellationToken)
    {
        double draw;
        lock (lb)
        {
            draw = lb.Random.NextDouble();
        }

        bool outage;
        lock (lb)
        {
            outage = time.GetUtcNow() < lb.OutageUntil;
        }

        if (!outage && draw >= ReadFaultRate)
        {
            return null;
        }

        Interlocked.Increment(ref _faults);
        if (outage || draw < ReadFaultRate / 3)
        {
            return Answer(HttpStatusCode.ServiceUnavailable, new JsonObject { ["faultstring"] = "the gateway has no healthy API worker" });
        }

        if (draw < ReadFaultRate * 2 / 3)
        {
            throw new HttpRequestException("Connection reset by peer", new IOException("reset"));
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken); // no answer: the client's timeout ends it
        return null;
    }

    // The LB as of now: a failover whose time is up has put it on a new amphora, or in ERROR.
    private string Settle(string id, FakeLb lb)
    {
        if (lb.BusyUntil is { } until && time.GetUtcNow() >= until)
        {
            lb.BusyUntil = null;
            lb.Error = EndsInError(id, lb.Failovers);
            lb.Generation += lb.Error ? 0 : 1;
        }

        return lb.BusyUntil is not null ? "PENDING_UPDATE" : lb.Error ? "ERROR" : "ACTIVE";
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, JsonObject body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private sealed class FakeLb
    {
        public required Random Random { get; init; }

        public int Generation { get; set; }

        public int Failovers { get; set; }

        public DateTimeOffset? BusyUntil { get; set; }

        public DateTimeOffset OutageUntil { get; set; }

        public bool Error { get; set; }
    }
}
