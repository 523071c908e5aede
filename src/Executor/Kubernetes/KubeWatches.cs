using System.Net;
using k8s.Autorest;

namespace Executor.Kubernetes;

/// <summary>
/// The watches behind the Kubernetes drivers' waits. A wait reads what it waits for (its probe), then sleeps until one
/// of its lists changes and reads again. Each list is listed once for a resourceVersion and watched from there with
/// bookmarks (CONTRACTS §4.4), one watch per list however many steps wait on it. A watch that ends (its timeout, a
/// dropped connection) is resumed from the last version seen, events and bookmarks alike; a 410 Gone, as an ERROR event
/// or as the HTTP answer, or a watch that ends at once with nothing in it (§4.8), is listed again and watched from the
/// new version. Since every wake-up makes the probe read the state afresh, a gap can neither lose a transition nor
/// count one twice; the probes' own bookkeeping (messages told once, Jobs known by uid) keeps repeats harmless.
/// </summary>
public sealed class KubeWatches(TimeSpan reconnectDelay, TimeProvider time)
{
    private readonly Dictionary<string, Follower> _followers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Reads until <paramref name="probe"/> returns a value, again after every change of <paramref name="lists"/>.</summary>
    /// <typeparam name="T">What the wait yields.</typeparam>
    /// <param name="lists">What the probe reads.</param>
    /// <param name="probe">One read; null means "not yet".</param>
    /// <param name="cancellationToken">The attempt's timeout or the operator's cancel.</param>
    public async Task<T> UntilAsync<T>(IReadOnlyList<WatchedList> lists, Func<CancellationToken, Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(probe);
        var followers = lists.Select(Acquire).ToList();
        try
        {
            // Listed before the first read: whatever changes after it wakes the wait.
            await Task.WhenAll(followers.Select(f => f.Ready.WaitAsync(cancellationToken)));
            while (true)
            {
                var changed = Task.WhenAny(followers.Select(f => f.NextChange));
                if (await probe(cancellationToken) is { } done)
                {
                    return done;
                }

                await changed.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            foreach (var follower in followers)
            {
                Release(follower);
            }
        }
    }

    private Follower Acquire(WatchedList list)
    {
        lock (_gate)
        {
            if (!_followers.TryGetValue(list.Key, out var follower))
            {
                follower = new Follower(list, reconnectDelay, time);
                _followers[list.Key] = follower;
            }

            follower.Users++;
            return follower;
        }
    }

    private void Release(Follower follower)
    {
        lock (_gate)
        {
            if (--follower.Users == 0)
            {
                _followers.Remove(follower.List.Key);
                follower.Stop();
            }
        }
    }

    /// <summary>One list's watch, kept going while a wait needs it; <see cref="NextChange"/> completes at its next change.</summary>
    private sealed class Follower
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TimeSpan _reconnectDelay;
        private readonly TimeProvider _time;
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Follower(WatchedList list, TimeSpan reconnectDelay, TimeProvider time)
        {
            List = list;
            _reconnectDelay = reconnectDelay;
            _time = time;
            _ = Task.Run(() => FollowAsync(_stop.Token));
        }

        public WatchedList List { get; }

        public int Users { get; set; }

        /// <summary>Completes once the list gave the version the watch starts from (or failed: the probe then says why).</summary>
        public Task Ready => _ready.Task;

        public Task NextChange => Volatile.Read(ref _next).Task;

        public void Stop()
        {
            _stop.Cancel();
            Changed(); // Nobody waits any more; leave no waiter behind.
        }

        private void Changed() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        private async Task FollowAsync(CancellationToken stop)
        {
            string? version = null;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (version is null)
                    {
                        version = await List.ListVersionAsync(stop) ?? "0";
                        if (!_ready.TrySetResult())
                        {
                            Changed(); // A re-list: what happened in the gap is read by the probe now.
                        }
                    }

                    var gone = false;
                    var seen = 0;
                    await foreach (var change in List.WatchAsync(version, stop))
                    {
                        if (change.IsError)
                        {
                            gone |= change.ErrorCode == 410;
                            continue;
                        }

                        seen++;
                        version = change.ResourceVersion ?? version;
                        if (!change.IsBookmark)
                        {
                            Changed();
                        }
                    }

                    if (gone || seen == 0)
                    {
                        version = null; // 410 in the stream, or an empty watch a server closed at once: list again.
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
                {
                    version = null;
                }
#pragma warning disable CA1031 // Dropped connections, refused reconnections: retried; a broken API shows in the probe's own reads.
                catch (Exception)
#pragma warning restore CA1031
                {
                    _ready.TrySetResult();
                    Changed();
                    try
                    {
                        await Task.Delay(_reconnectDelay, _time, stop);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }
}
