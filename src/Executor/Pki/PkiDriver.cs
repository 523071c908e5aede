using System.Runtime.Versioning;
using Executor.Drivers;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;
using Planner.Operations.Kinds;
using Planner.Plans;

namespace Executor.Pki;

/// <summary>
/// <c>octavia.pki</c> / <c>generate</c> under apply: what <c>mplan certs generate</c> does for the operation, through the
/// same checks and sinks. The submission is recorded once the set is generated and just before anything is written, so
/// a resumed run never generates a set again once writing began: it reports what the interrupted run wrote, or that a
/// part of it is missing. The journal gets paths, modes and fingerprints, never key material or the passphrase.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PkiDriver(ResolvedPlan plan, Func<string, string?> environment, TimeProvider time) : IStepDriver
{
    public bool Handles(string uses, string action) => uses == PkiRequestBuilder.Uses && action == PkiKind.GenerateAction;

    public async Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        using var job = Job(call);
        if (job.Problems.Count > 0)
        {
            return AttemptResult.Failure($"nothing was generated or written: {string.Join("; ", job.Problems)}");
        }

        try
        {
            var generated = job.Generate(new PkiGenerator(time, new SecureRandom(new CryptoApiRandomGenerator())), time);
            cancellationToken.ThrowIfCancellationRequested();
            await call.Submitted($"generated; writing {string.Join(", ", job.Targets)}").ConfigureAwait(false);
            var result = PkiJob.Write(generated).Single();
            var facts = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["wrote"] = string.Join(", ", result.Written.Select(w => w.Mode.Length > 0 ? $"{w.Location} ({w.Mode})" : w.Location)),
            };
            foreach (var credential in result.Set.All)
            {
                facts[$"{credential.Role} sha256"] = credential.Sha256Fingerprint;
                facts[$"{credential.Role} not after"] = Planner.Documents.TimeText.Format(credential.NotAfter);
            }

            var next = result.NextSteps.Count > 0 ? $"; next: {string.Join("; ", result.NextSteps)}" : "";
            return AttemptResult.Success($"the Octavia PKI ({result.Set.KeyType.Name()}) written{next}", facts);
        }
        catch (PkiException e)
        {
            return AttemptResult.Failure(e.Message);
        }
    }

    public Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken)
    {
        if (!submitted)
        {
            return Task.FromResult<AttemptResult?>(null); // Interrupted before writing: nothing was written, generate afresh.
        }

        using var job = Job(call);
        var missing = job.Targets.Where(t => !File.Exists(t)).ToList();
        return Task.FromResult<AttemptResult?>(missing.Count == 0
            ? AttemptResult.Success($"written before the interruption; not generated again: {string.Join(", ", job.Targets)}")
            : AttemptResult.Failure($"the interrupted run wrote part of the set ({string.Join(", ", missing)} missing); nothing was generated again: " +
                "remove the partial set, or set overwrite: true, and resume"));
    }

    private PkiJob Job(AttemptCall call)
    {
        var operation = plan.OperationAt(call.Step.Operation)
            ?? throw new ArgumentException($"the plan has no operation {call.Step.Operation}", nameof(call));
        return new PkiJob([operation.Spec], environment);
    }
}
