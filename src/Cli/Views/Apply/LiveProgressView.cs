using System.Globalization;
using Planner.Events;
using Planner.Graph;
using Planner.Plans;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cli.Views.Apply;

/// <summary>
/// Progress on a terminal: a bar per operation (targets finished out of all) and a table of the steps running now,
/// redrawn a few times a second by Spectre.Console. Events arrive on any thread; drawing happens on one.
/// </summary>
internal sealed class LiveProgressView : IRunEventSink
{
    private readonly Lock _gate = new();
    private readonly IAnsiConsole _console;
    private readonly List<OperationProgress> _operations;
    private readonly Dictionary<string, OperationProgress> _byId;
    private readonly Dictionary<string, (int Attempt, DateTimeOffset Since, bool Submitted)> _running = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];

    private readonly string _journal;
    private readonly StrategyStepsPanel? _strategySteps;

    public LiveProgressView(ResolvedPlan plan, IAnsiConsole console, string journal)
    {
        _console = console;
        _journal = journal;
        _operations = [.. plan.Plan.Operations.Select((o, i) => new OperationProgress(o.Id, plan.Graph.Steps.Count(s => s.Operation == i && s.Kind != StepKind.Milestone)))];
        _byId = _operations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        _strategySteps = plan.Plan.Operations.Any(o => o.Uses == "dcmanager.kube-rootca-update") ? new StrategyStepsPanel(journal) : null;
    }

    public void Write(RunEvent e)
    {
        lock (_gate)
        {
            switch (e.Kind)
            {
                case RunEventKind.StepStarted:
                    _running[e.Step!] = (e.Attempt, e.Time, false);
                    break;
                case RunEventKind.StepSubmitted when _running.TryGetValue(e.Step!, out var running):
                    _running[e.Step!] = running with { Submitted = true };
                    break;
                case RunEventKind.StepRetrying:
                    _running.Remove(e.Step!);
                    break;
                case RunEventKind.StepFinished:
                    _running.Remove(e.Step!);
                    if (e.Operation is { } id && _byId.TryGetValue(id, out var operation))
                    {
                        operation.Count(e.State!);
                    }

                    break;
                case RunEventKind.StepProgress:
                    _notes.Add($"{e.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {e.Target ?? e.Step}: {e.Detail}");
                    break;
                case RunEventKind.Note:
                    _notes.Add($"{e.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {e.Detail}");
                    break;
                case RunEventKind.GateWaiting or RunEventKind.GateClosed:
                    _notes.Add($"{e.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {GateText.Describe(e, _journal)}");
                    break;
            }
        }
    }

    /// <summary>Redraws until <paramref name="work"/> ends, then draws the final state once more.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        T result = default!;
        await _console.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            var task = work();
            while (!task.IsCompleted)
            {
                context.UpdateTarget(Render());
                await Task.WhenAny(task, Task.Delay(250));
            }

            result = await task;
            context.UpdateTarget(Render());
        });
        return result;
    }

    private IRenderable Render()
    {
        lock (_gate)
        {
            var rows = new List<IRenderable>();
            var bars = new Grid().AddColumn().AddColumn().AddColumn();
            foreach (var operation in _operations.Where(o => o.Total > 0))
            {
                bars.AddRow(new Markup(Markup.Escape(operation.Id)), new BreakdownBar(operation), new Markup(Markup.Escape(operation.Summary())));
            }

            rows.Add(bars);
            if (_running.Count > 0)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("running").AddColumn("attempt").AddColumn("since").AddColumn("state");
                foreach (var (step, run) in _running.OrderBy(r => r.Value.Since).Take(20))
                {
                    table.AddRow(Markup.Escape(step), run.Attempt.ToString(CultureInfo.InvariantCulture),
                        run.Since.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture), run.Submitted ? "submitted" : "starting");
                }

                if (_running.Count > 20)
                {
                    table.Caption($"and {_running.Count - 20} more");
                }

                rows.Add(table);
            }

            if (_strategySteps?.Render() is { } strategy)
            {
                rows.Add(strategy);
            }

            rows.AddRange(_notes.TakeLast(5).Select(n => new Markup($"[yellow]{Markup.Escape(n)}[/]")));
            return new Rows(rows);
        }
    }

    /// <summary>Counts per end state of one operation's steps.</summary>
    private sealed class OperationProgress(string id, int total)
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public string Id => id;

        public int Total => total;

        public int Done => _counts.Values.Sum();

        public int this[string state] => _counts.GetValueOrDefault(state);

        public void Count(string state) => _counts[state] = _counts.GetValueOrDefault(state) + 1;

        public string Summary() =>
            $"{Done}/{Total}" + string.Concat(_counts.Where(c => c.Key != "succeeded").OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"  {c.Key} {c.Value}"));
    }

    /// <summary>A bar: succeeded in green, anything else that finished in red, the rest empty.</summary>
    private sealed class BreakdownBar(OperationProgress operation) : Renderable
    {
        private const int Width = 30;

        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            var ok = operation.Total == 0 ? 0 : operation["succeeded"] * Width / operation.Total;
            var bad = operation.Total == 0 ? 0 : (operation.Done - operation["succeeded"]) * Width / operation.Total;
            yield return new Segment(new string('━', ok), new Style(Color.Green));
            yield return new Segment(new string('━', bad), new Style(Color.Red));
            yield return new Segment(new string('─', Math.Max(0, Width - ok - bad)), new Style(Color.Grey));
        }
    }
}
