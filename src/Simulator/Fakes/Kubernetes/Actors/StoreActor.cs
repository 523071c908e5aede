using System.Collections.Concurrent;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>
/// A controller inside the fake: it follows every change of its store (as a watch would) and reacts. Long work
/// runs in <see cref="Spawn"/>ed tasks so that the event loop never blocks; disposing cancels all of it. What goes
/// wrong inside an actor is kept in <see cref="Errors"/> for tests (engine code never writes to the console).
/// </summary>
internal abstract class StoreActor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly ConcurrentQueue<Exception> _errors;
    private Task? _loop;

    protected StoreActor(ObjectStore store, ActorClock clock, ConcurrentQueue<Exception> errors)
    {
        Store = store;
        Clock = clock;
        _errors = errors;
    }

    protected ObjectStore Store { get; }

    protected ActorClock Clock { get; }

    protected CancellationToken Stopping => _stop.Token;

    public IReadOnlyCollection<Exception> Errors => _errors;

    public void Start()
    {
        var subscription = Store.Watch(null, Store.ResourceVersion);
        _loop = Task.Run(async () =>
        {
            using (subscription)
            {
                try
                {
                    await foreach (var change in subscription.Events.ReadAllAsync(_stop.Token))
                    {
                        Guard(() => OnChange(change));
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
            }
        });
    }

    /// <summary>Reacts to one change; quick (spawn anything that waits).</summary>
    /// <param name="change">What changed.</param>
    protected abstract void OnChange(WatchEvent change);

    /// <summary>Runs <paramref name="work"/> in the background until it ends or the fake stops.</summary>
    /// <param name="work">The work, given the stopping token.</param>
    protected void Spawn(Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _errors.Enqueue(e);
            }
        });
        _running.TryAdd(task, 0);
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            _errors.Enqueue(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        await Task.WhenAll(_running.Keys);
        _stop.Dispose();
    }
}
