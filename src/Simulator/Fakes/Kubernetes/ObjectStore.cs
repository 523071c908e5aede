using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Simulator.Fakes.Kubernetes;

/// <summary>How a PATCH body is to be read.</summary>
public enum PatchKind
{
    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    Merge,

    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    Json,

    /// <summary><c>application/strategic-merge-patch+json</c> (built-in kinds only).</summary>
    Strategic,
}

/// <summary>
/// The fake API server's objects: one monotonic integer resourceVersion shared by all kinds, uid and
/// creationTimestamp on create, generation bumped on spec changes only, deletionTimestamp and finalizers, owner-based
/// garbage collection, status-subresource rules, structural validation, admission hooks, and the event history that
/// watches resume from. Thread-safe; every write is atomic. Objects handed out are copies.
/// </summary>
public sealed class ObjectStore
{
    private const int HistoryLimit = 20_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceType, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly LinkedList<WatchEvent> _history = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly List<Action<AdmissionRequest>> _admission = [];
    private readonly TimeProvider _time;
    private readonly Random _random;
    private long _resourceVersion;
    private long _compactedThrough;

    /// <summary>Creates an empty store serving <paramref name="types"/>.</summary>
    /// <param name="types">The kinds it holds.</param>
    /// <param name="time">The clock for creation and deletion timestamps.</param>
    /// <param name="seed">Seeds uids and generated names, so a run is reproducible.</param>
    public ObjectStore(IEnumerable<ResourceType> types, TimeProvider time, int seed)
    {
        foreach (var type in types)
        {
            _objects[type] = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        }

        _time = time;
        _random = new Random(seed);
        _resourceVersion = 1000;
    }

    /// <summary>The kinds served.</summary>
    public IReadOnlyCollection<ResourceType> Types => _objects.Keys;

    /// <summary>The latest resourceVersion.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>How a watch from a compacted resourceVersion is refused; see <see cref="ExpireHistory"/>.</summary>
    public ExpiredWatchAnswer ExpiredWatchAnswer { get; set; } = ExpiredWatchAnswer.ErrorEvent;

    /// <summary>Adds a validating admission hook: it sees every client write (not the fake's own) and throws an <see cref="ApiError"/> to refuse it.</summary>
    /// <param name="hook">The hook.</param>
    public void AddAdmission(Action<AdmissionRequest> hook)
    {
        lock (_gate)
        {
            _admission.Add(hook);
        }
    }

    /// <summary>The kind served under <paramref name="group"/>/<paramref name="plural"/>, or null.</summary>
    /// <param name="group">The API group ("" for core).</param>
    /// <param name="plural">The URL segment.</param>
    public ResourceType? Find(string group, string plural) =>
        _objects.Keys.FirstOrDefault(t => t.Group == group && t.Plural == plural);

    /// <summary>A copy of one object, or null.</summary>
    /// <param name="type">Its kind.</param>
    /// <param name="ns">Its namespace (ignored for cluster-scoped kinds).</param>
    /// <param name="name">Its name.</param>
    public JsonObject? TryGet(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return Objects(type).TryGetValue(Key(type, ns, name), out var found) ? Copy(found) : null;
        }
    }

    /// <summary>A copy of one object; 404 <see cref="ApiError"/> when absent.</summary>
    /// <param name="type">Its kind.</param>
    /// <param name="ns">Its namespace (ignored for cluster-scoped kinds).</param>
    /// <param name="name">Its name.</param>
    public JsonObject Get(ResourceType type, string? ns, string name) => TryGet(type, ns, name) ?? throw ApiError.NotFound(type, name);

    /// <summary>Copies of the objects of a kind, in namespace/name order, and the resourceVersion they were read at.</summary>
    /// <param name="type">The kind.</param>
    /// <param name="ns">Only this namespace; null for all.</param>
    /// <param name="selector">Only objects it matches; null for all.</param>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns = null, Selector? selector = null)
    {
        lock (_gate)
        {
            var items = Objects(type).Values
                .Where(o => InNamespace(type, o, ns) && (selector ?? Selector.All).Matches(o))
                .Select(Copy)
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>A page of a LIST: up to <paramref name="limit"/> items after the continue token's position.</summary>
    /// <param name="type">The kind.</param>
    /// <param name="ns">Only this namespace; null for all.</param>
    /// <param name="selector">Only objects it matches.</param>
    /// <param name="limit">At most this many items; 0 for all.</param>
    /// <param name="continueToken">The token of the previous page, or null; a compacted one is a 410 Expired.</param>
    public (List<JsonObject> Items, long ResourceVersion, string? Continue, long Remaining) Page(ResourceType type, string? ns, Selector selector,
        int limit, string? continueToken)
    {
        lock (_gate)
        {
            var after = "";
            if (!string.IsNullOrEmpty(continueToken))
            {
                (var tokenVersion, after) = ReadContinue(continueToken);
                if (tokenVersion <= _compactedThrough)
                {
                    throw ApiError.Expired(
                        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
                }
            }

            var matching = Objects(type)
                .Where(pair => string.CompareOrdinal(pair.Key, after) > 0 && InNamespace(type, pair.Value, ns) && selector.Matches(pair.Value))
                .ToList();
            var take = limit > 0 ? Math.Min(limit, matching.Count) : matching.Count;
            var items = matching.Take(take).Select(pair => Copy(pair.Value)).ToList();
            var more = take < matching.Count;
            var token = more ? WriteContinue(_resourceVersion, matching[take - 1].Key) : null;
            return (items, _resourceVersion, token, more ? matching.Count - take : 0);
        }
    }

    /// <summary>Creates an object (POST): 409 AlreadyExists when the name is taken.</summary>
    /// <param name="type">Its kind.</param>
    /// <param name="ns">The namespace of the URL (ignored for cluster-scoped kinds).</param>
    /// <param name="body">The object; <c>metadata.generateName</c> is honoured.</param>
    /// <param name="system">A write by the fake itself (seeding, actors): no admission, status kept.</param>
    public JsonObject Create(ResourceType type, string? ns, JsonObject body, bool system = false)
    {
        lock (_gate)
        {
            var obj = Copy(body);
            var metadata = Metadata(obj);
            if (type.Namespaced)
            {
                var bodyNamespace = metadata["namespace"]?.GetValue<string>();
                ns ??= bodyNamespace ?? "default";
                if (bodyNamespace is not null && bodyNamespace != ns)
                {
                    throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }

                metadata["namespace"] = ns;
            }
            else
            {
                metadata.Remove("namespace");
            }

            var name = metadata["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                name = metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix
                    ? prefix + RandomSuffix()
                    : throw new ApiError(422, "Invalid", $"{type.Kind} \"\" is invalid: metadata.name: Required value: name or generateName is required");
                metadata["name"] = name;
            }

            var key = Key(type, ns, name);
            if (Objects(type).ContainsKey(key))
            {
                throw ApiError.AlreadyExists(type, name);
            }

            obj["apiVersion"] = type.ApiVersion;
            obj["kind"] = type.Kind;
            if (!system && type.HasStatusSubresource && !type.BuiltIn)
            {
                obj.Remove("status");
            }

            Schemas.Check(type, obj);
            if (!system)
            {
                Admit(new AdmissionRequest("CREATE", type, null, null, obj));
            }

            metadata["uid"] = NewUid();
            if (type == ResourceTypes.Jobs)
            {
                GenerateJobSelector(obj, metadata["uid"]!.GetValue<string>());
            }

            metadata["creationTimestamp"] = Timestamp();
            metadata.Remove("deletionTimestamp");
            if (HasGeneration(type))
            {
                metadata["generation"] = 1;
            }

            metadata["resourceVersion"] = Next();
            Objects(type)[key] = obj;
            Publish(new WatchEvent(WatchEvent.Added, type, Copy(obj), null, _resourceVersion));
            return Copy(obj);
        }
    }

    /// <summary>Replaces an object (PUT): 409 Conflict when the body's resourceVersion is stale; none means unconditional.</summary>
    /// <param name="type">Its kind.</param>
    /// <param name="ns">Its namespace.</param>
    /// <param name="name">Its name (must match the body's).</param>
    /// <param name="body">The new object.</param>
    /// <param name="subresource">"status" for <c>/status</c>, else null.</param>
    /// <param name="system">A write by the fake itself: no admission, status-subresource rules off.</param>
    public JsonObject Replace(ResourceType type, string? ns, string name, JsonObject body, string? subresource = null, bool system = false)
    {
        lock (_gate)
        {
            var current = Stored(type, ns, name);
            var bodyName = body["metadata"]?["name"]?.GetValue<string>();
            if (bodyName is not null && bodyName != name)
            {
                throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }

            return Commit(type, current, Copy(body), subresource, system);
        }
    }

    /// <summary>Patches an object (PATCH); a resourceVersion in the patched result makes it conditional.</summary>
    /// <param name="type">Its kind.</param>
    /// <param name="ns">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <param name="kind">How to read <paramref name="patch"/>.</param>
    /// <param name="patch">The patch document.</param>
    /// <param name="subresource">"status" for <c>/status</c>, else null.</param>
    /// <param name="system">A write by the fake itself: no admission, status-subresource rules off.</param>
    public JsonObject Patch(ResourceType type, string? ns, string name, PatchKind kind, JsonNode? patch, string? subresource = null, bool system = false)
    {
        lock (_gate)
        {
            var current = Stored(type, ns, name);
            if (kind == PatchKind.Strategic && !type.BuiltIn)
            {
                throw ApiError.StrategicMergeOnCustomResource();
            }

            var patched = kind switch
            {
                PatchKind.Merge => Patches.Merge(current, patch),
                PatchKind.Strategic => Patches.Strategic(current, patch),
                _ => Patches.Json(current, patch),
            };
            if (patched is not JsonObject result)
            {
                throw ApiError.BadRequest("the patch does not leave an object");
            }

            // A patch that does not name a resourceVersion applies to whatever is stored (last writer wins).
            var patchVersion = kind == PatchKind.Json ? null : patch?["metadata"]?["resourceVersion"];
            if (patchVersion is null && result["metadata"] is JsonObject meta)
            {
                meta["resourceVersion"] = current["metadata"]!["resourceVersion"]!.DeepClone();
            }

            return Commit(type, current, result, subresource, system);
        }
    }

    /// <summary>Changes an object in place under the store's lock (the fake's own controllers and tests use it); no admission.</summary>
    /// <param name="type">Its kind.</param>
    /// <param name="ns">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <param name="change">Edits a copy of the object; status and everything else are written as given.</param>
    public JsonObject Update(ResourceType type, string? ns, string name, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var current = Stored(type, ns, name);
            var copy = Copy(current);
            change(copy);
            Metadata(copy)["resourceVersion"] = current["metadata"]!["resourceVersion"]!.DeepClone();
            return Commit(type, current, copy, null, system: true);
        }
    }

    /// <summary>
    /// Deletes an object (DELETE): with finalizers it only gets a deletionTimestamp and goes once they are removed; its
    /// dependents (by ownerReferences) go with it unless <paramref name="orphan"/>. Returns the object as it was or now is.
    /// </summary>
    /// <param name="type">Its kind.</param>
    /// <param name="ns">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <param name="orphan">propagationPolicy=Orphan: leave dependents.</param>
    /// <param name="system">A delete by the fake itself: no admission.</param>
    public JsonObject Delete(ResourceType type, string? ns, string name, bool orphan = false, bool system = false)
    {
        lock (_gate)
        {
            var current = Stored(type, ns, name);
            if (!system)
            {
                Admit(new AdmissionRequest("DELETE", type, null, current, null));
            }

            if (current["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
            {
                if (current["metadata"]?["deletionTimestamp"] is not null)
                {
                    return Copy(current);
                }

                var marked = Copy(current);
                Metadata(marked)["deletionTimestamp"] = Timestamp();
                Metadata(marked)["deletionGracePeriodSeconds"] = 0;
                return Commit(type, current, marked, null, system: true);
            }

            return Remove(type, current, orphan);
        }
    }

    /// <summary>
    /// Test hook: forgets the event history up to now, as an API server's compaction does. Watches from an older
    /// resourceVersion and continue tokens issued before are then refused with 410 (watches as <see cref="ExpiredWatchAnswer"/>
    /// says), and every open client watch gets an ERROR 410 event and ends; with <paramref name="dropWatches"/> they end
    /// without a word instead (a dropped connection), so that the client's resumption from its old version meets the 410.
    /// The fake's own controllers are not clients and follow on.
    /// </summary>
    /// <param name="dropWatches">End open watches as a dropped connection does, rather than with an ERROR event.</param>
    public void ExpireHistory(bool dropWatches = false)
    {
        lock (_gate)
        {
            _compactedThrough = _resourceVersion;
            _history.Clear();

            // A gap, as compactions leave: lists and tokens from now on carry a newer version than what expired. A dropped
            // watch stands for a change it never delivered: its last version, however recent, is too old to resume from.
            _resourceVersion++;
            if (dropWatches)
            {
                _compactedThrough = _resourceVersion;
            }
            foreach (var subscription in _subscriptions.Where(s => s.Type is not null).ToList())
            {
                subscription.Expire(dropWatches ? null : TooOld(subscription.Since));
            }
        }
    }

    /// <summary>How many client watches of <paramref name="type"/> are open now (tests time their faults by it).</summary>
    /// <param name="type">The kind.</param>
    public int OpenWatches(ResourceType type)
    {
        lock (_gate)
        {
            return _subscriptions.Count(s => s.Type == type);
        }
    }

    /// <summary>
    /// Subscribes to changes of one kind (or all kinds): from <paramref name="since"/> on (replayed from the history), or,
    /// when null, an ADDED event for every current object first. A <paramref name="since"/> older than the history is a
    /// 410 <see cref="ApiError"/>.
    /// </summary>
    /// <param name="type">The kind; null for every kind (the fake's controllers).</param>
    /// <param name="since">The resourceVersion to resume after; null (or 0) to start with the current state.</param>
    public WatchSubscription Watch(ResourceType? type, long? since)
    {
        lock (_gate)
        {
            var channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
            var subscription = new Subscription(this, type, channel, since ?? _resourceVersion);
            if (since is null or 0)
            {
                foreach (var (objectType, objects) in _objects.Where(pair => type is null || pair.Key == type))
                {
                    foreach (var obj in objects.Values)
                    {
                        channel.Writer.TryWrite(new WatchEvent(WatchEvent.Added, objectType, Copy(obj), null, Version(obj)));
                    }
                }
            }
            else
            {
                if (since < _compactedThrough)
                {
                    throw TooOld(since.Value);
                }

                foreach (var change in _history.Where(e => e.ResourceVersion > since && (type is null || e.Resource == type)))
                {
                    channel.Writer.TryWrite(change);
                }
            }

            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    private ApiError TooOld(long since) =>
        ApiError.Expired($"too old resource version: {since} ({_compactedThrough + 1})");

    private JsonObject Commit(ResourceType type, JsonObject current, JsonObject proposed, string? subresource, bool system)
    {
        var name = current["metadata"]!["name"]!.GetValue<string>();
        if (subresource == "status" && !type.HasStatusSubresource)
        {
            throw ApiError.NotFound(type, name);
        }

        var next = proposed;
        if (!system && type.HasStatusSubresource)
        {
            next = subresource == "status" ? WithStatus(current, proposed) : WithStatus(proposed, current);
        }

        var metadata = Metadata(next);
        var oldMetadata = (JsonObject)current["metadata"]!;
        var requestedVersion = metadata["resourceVersion"]?.ToString();
        if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != oldMetadata["resourceVersion"]!.ToString())
        {
            throw ApiError.Conflict(type, name);
        }

        foreach (var immutable in new[] { "name", "namespace", "uid", "creationTimestamp", "generation", "resourceVersion" })
        {
            if (oldMetadata[immutable] is { } value)
            {
                metadata[immutable] = value.DeepClone();
            }
            else
            {
                metadata.Remove(immutable);
            }
        }

        // Only the server sets a deletionTimestamp; a client write cannot set or clear it.
        if (!system || oldMetadata["deletionTimestamp"] is not null)
        {
            CopyKey(oldMetadata, metadata, "deletionTimestamp");
            CopyKey(oldMetadata, metadata, "deletionGracePeriodSeconds");
        }

        next["apiVersion"] = type.ApiVersion;
        next["kind"] = type.Kind;
        Schemas.Check(type, next);
        if (!system)
        {
            Admit(new AdmissionRequest("UPDATE", type, subresource, current, next));
        }

        if (JsonNode.DeepEquals(current, next))
        {
            return Copy(current);
        }

        if (HasGeneration(type) && SpecChanged(type, current, next))
        {
            metadata["generation"] = (ObjectShapes.Long(oldMetadata["generation"]) ?? 0) + 1;
        }

        if (metadata["deletionTimestamp"] is not null && metadata["finalizers"] is not JsonArray { Count: > 0 })
        {
            Objects(type)[KeyOf(type, next)] = next;
            return Remove(type, next, orphan: false);
        }

        metadata["resourceVersion"] = Next();
        Objects(type)[KeyOf(type, next)] = next;
        Publish(new WatchEvent(WatchEvent.Modified, type, Copy(next), Copy(current), _resourceVersion));
        return Copy(next);
    }

    private JsonObject Remove(ResourceType type, JsonObject current, bool orphan)
    {
        Objects(type).Remove(KeyOf(type, current));
        var gone = Copy(current);
        Metadata(gone)["resourceVersion"] = Next();
        Publish(new WatchEvent(WatchEvent.Deleted, type, Copy(gone), Copy(current), _resourceVersion));
        if (!orphan)
        {
            var uid = current["metadata"]!["uid"]!.GetValue<string>();
            foreach (var (dependentType, objects) in _objects)
            {
                foreach (var dependent in objects.Values.Where(o => OwnedBy(o, uid)).ToList())
                {
                    Delete(dependentType, dependent["metadata"]!["namespace"]?.GetValue<string>(), dependent["metadata"]!["name"]!.GetValue<string>(), system: true);
                }
            }
        }

        return gone;
    }

    // What the Job strategy does on create unless spec.manualSelector: select its pods by the Job's uid.
    private static void GenerateJobSelector(JsonObject job, string uid)
    {
        if (job["spec"] is not JsonObject spec || spec["selector"] is not null || spec["manualSelector"]?.GetValue<bool>() == true)
        {
            return;
        }

        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        if (spec["template"] is JsonObject template)
        {
            var metadata = template["metadata"] as JsonObject ?? [];
            template["metadata"] = metadata;
            var labels = metadata["labels"] as JsonObject ?? [];
            metadata["labels"] = labels;
            labels["batch.kubernetes.io/controller-uid"] = uid;
            labels["controller-uid"] = uid;
            labels["batch.kubernetes.io/job-name"] = job["metadata"]!["name"]!.GetValue<string>();
            labels["job-name"] = job["metadata"]!["name"]!.GetValue<string>();
        }
    }

    private static bool OwnedBy(JsonObject obj, string uid) =>
        obj["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(o => o?["uid"]?.GetValue<string>() == uid);

    private static JsonObject WithStatus(JsonObject body, JsonObject statusFrom)
    {
        var result = Copy(body);
        if (statusFrom["status"] is { } status)
        {
            result["status"] = status.DeepClone();
        }
        else
        {
            result.Remove("status");
        }

        return result;
    }

    private static bool SpecChanged(ResourceType type, JsonObject before, JsonObject after)
    {
        static JsonObject Strip(JsonObject obj, bool keepStatus)
        {
            var copy = Copy(obj);
            copy.Remove("metadata");
            if (!keepStatus)
            {
                copy.Remove("status");
            }

            return copy;
        }

        return !JsonNode.DeepEquals(Strip(before, type.StatusCountsAsSpec), Strip(after, type.StatusCountsAsSpec));
    }

    private static bool HasGeneration(ResourceType type) => !type.BuiltIn || type == ResourceTypes.DaemonSets || type == ResourceTypes.Jobs;

    private void Admit(AdmissionRequest request)
    {
        foreach (var hook in _admission)
        {
            hook(request);
        }
    }

    private void Publish(WatchEvent change)
    {
        _history.AddLast(change);
        while (_history.Count > HistoryLimit)
        {
            _compactedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Offer(change);
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private JsonObject Stored(ResourceType type, string? ns, string name) =>
        Objects(type).TryGetValue(Key(type, ns, name), out var found) ? found : throw ApiError.NotFound(type, name);

    private SortedDictionary<string, JsonObject> Objects(ResourceType type) =>
        _objects.TryGetValue(type, out var objects) ? objects : throw new ArgumentException($"{type.QualifiedName} is not served here", nameof(type));

    private static bool InNamespace(ResourceType type, JsonObject obj, string? ns) =>
        ns is null || !type.Namespaced || obj["metadata"]?["namespace"]?.GetValue<string>() == ns;

    private static string Key(ResourceType type, string? ns, string name) => type.Namespaced ? $"{ns ?? "default"}/{name}" : name;

    private static string KeyOf(ResourceType type, JsonObject obj) =>
        Key(type, obj["metadata"]!["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());

    private static long Version(JsonObject obj) => long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private string Next() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private string Timestamp() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string NewUid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    private string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string([.. Enumerable.Range(0, 5).Select(_ => alphabet[_random.Next(alphabet.Length)])]);
    }

    /// <summary>A fresh random name suffix (5 characters, as generateName uses), from the store's seeded generator.</summary>
    public string NameSuffix()
    {
        lock (_gate)
        {
            return RandomSuffix();
        }
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        return metadata;
    }

    private static void CopyKey(JsonObject from, JsonObject to, string key)
    {
        if (from[key] is { } value)
        {
            to[key] = value.DeepClone();
        }
        else
        {
            to.Remove(key);
        }
    }

    private static JsonObject Copy(JsonObject obj) => (JsonObject)obj.DeepClone();

    private static string WriteContinue(long version, string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{version.ToString(CultureInfo.InvariantCulture)}\n{key}"));

    private static (long Version, string Key) ReadContinue(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            return (long.Parse(text[..newline], CultureInfo.InvariantCulture), text[(newline + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            throw ApiError.BadRequest("continue key is not valid: illegal base64 data");
        }
    }

    private sealed class Subscription(ObjectStore store, ResourceType? type, Channel<WatchEvent> channel, long since) : WatchSubscription(channel.Reader)
    {
        public long Since { get; private set; } = since;

        /// <summary>The kind a client watches; null for the fake's own controllers (every kind).</summary>
        public ResourceType? Type => type;

        public void Offer(WatchEvent change)
        {
            if (type is null || change.Resource == type)
            {
                Since = change.ResourceVersion;
                channel.Writer.TryWrite(change);
            }
        }

        public void Expire(ApiError? error)
        {
            if (channel.Writer.TryComplete())
            {
                Expired = error; // The first end counts; a feed already ended keeps its reason.
            }
        }

        protected override void Close()
        {
            channel.Writer.TryComplete();
            store.Unsubscribe(this);
        }
    }
}

/// <summary>A live feed of store changes; dispose to stop it. When the history is expired under it, the feed ends and <see cref="Expired"/> says why.</summary>
public abstract class WatchSubscription(ChannelReader<WatchEvent> events) : IDisposable
{
    /// <summary>The changes, in resourceVersion order.</summary>
    public ChannelReader<WatchEvent> Events { get; } = events;

    /// <summary>Set when the feed ended because the history it followed was expired (a 410 for the watcher).</summary>
    public ApiError? Expired { get; protected set; }

    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the feed.</summary>
    protected abstract void Close();
}
