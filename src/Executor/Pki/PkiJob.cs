using System.Runtime.Versioning;

namespace Executor.Pki;

/// <summary>
/// <c>octavia.pki</c> operations ready to run, with their sinks: everything that can refuse (passphrases, existing
/// files, two operations writing one file) is found by <see cref="Problems"/> before anything is generated, and
/// <see cref="Run"/> then generates each set and writes it. <c>mplan certs generate</c> and apply's driver both use it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PkiJob : IDisposable
{
    private readonly List<(PkiOperation Operation, IReadOnlyList<IPkiSink> Sinks)> _jobs = [];
    private readonly List<string> _problems = [];

    /// <param name="operations">The planned operations (<c>uses: octavia.pki</c>).</param>
    /// <param name="environment">Reads an environment variable (the passphrase's source).</param>
    public PkiJob(IEnumerable<Planner.Model.OperationSpec> operations, Func<string, string?> environment)
    {
        foreach (var spec in operations)
        {
            try
            {
                var operation = PkiRequestBuilder.Build(spec, environment);
                _jobs.Add((operation, PkiSinks.For(operation)));
            }
            catch (PkiException e)
            {
                _problems.Add(e.Message);
            }
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (operation, sinks) in _jobs)
        {
            foreach (var sink in sinks)
            {
                _problems.AddRange(sink.Check().Select(p => $"operation '{operation.Id}': {p}"));
                foreach (var target in sink.Targets)
                {
                    if (!owners.TryAdd(target, operation.Id))
                    {
                        _problems.Add($"operation '{operation.Id}' would write {target}, which operation '{owners[target]}' writes too");
                    }
                }
            }
        }
    }

    /// <summary>Why the job would be refused; empty when it can run. Nothing has been written.</summary>
    public IReadOnlyList<string> Problems => [.. _problems.Distinct()];

    /// <summary>Every place the job writes, for a resume to see whether an interrupted run wrote them.</summary>
    public IReadOnlyList<string> Targets => [.. _jobs.SelectMany(j => j.Sinks).SelectMany(s => s.Targets)];

    /// <summary>Generates each operation's set and writes it through its sinks, in order.</summary>
    public IReadOnlyList<PkiJobResult> Run(PkiGenerator generator, TimeProvider time) => Write(Generate(generator, time));

    /// <summary>Generates every operation's set; nothing is written yet.</summary>
    public IReadOnlyList<PkiGenerated> Generate(PkiGenerator generator, TimeProvider time)
    {
        if (_problems.Count > 0)
        {
            throw new PkiException(string.Join("; ", Problems));
        }

        return [.. _jobs.Select(job =>
        {
            var started = time.GetTimestamp();
            var set = generator.Generate(job.Operation.Request);
            return new PkiGenerated(job.Operation, job.Sinks, set, time.GetElapsedTime(started));
        })];
    }

    /// <summary>Writes generated sets through their sinks, in order.</summary>
    public static IReadOnlyList<PkiJobResult> Write(IReadOnlyList<PkiGenerated> generated) =>
    [
        .. generated.Select(g =>
        {
            var written = g.Sinks.Select(sink => sink.Write(g.Set)).ToList();
            return new PkiJobResult(g.Operation, g.Set, g.Elapsed, [.. written.SelectMany(r => r.Written)], [.. written.SelectMany(r => r.NextSteps)]);
        }),
    ];

    public void Dispose() => _jobs.ForEach(j => j.Operation.Dispose());
}

/// <summary>What one operation generated and wrote. <see cref="Set"/> holds private keys: report only its public parts.</summary>
public sealed record PkiJobResult(PkiOperation Operation, PkiSet Set, TimeSpan Elapsed, IReadOnlyList<PkiWritten> Written, IReadOnlyList<string> NextSteps);

/// <summary>A generated set not written yet, with the sinks it goes to.</summary>
public sealed record PkiGenerated(PkiOperation Operation, IReadOnlyList<IPkiSink> Sinks, PkiSet Set, TimeSpan Elapsed);
