using System.CommandLine;
using System.Globalization;
using Cli.Views;
using Executor.Pki;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Plans;

namespace Cli.Commands;

/// <summary>
/// <c>mplan certs</c>: certificate work. <c>generate</c> creates the Octavia PKI an <c>octavia.pki</c> operation
/// describes; more subcommands join it in <see cref="Create"/>.
/// </summary>
internal static class CertsCommand
{
    public static Command Create(CliContext context) => new("certs", "Generate certificates that a plan describes, and scan certificates for expiry.")
    {
        CreateGenerate(context),
        CertsScanCommand.Create(context),
    };

    /// <summary>
    /// <c>mplan certs generate PLAN [--operation ID] [--cluster NAME=FILE]</c>: plans PLAN, then for each
    /// <c>octavia.pki</c> operation (or the one named) generates the set and writes its outputs. Output paths in the plan
    /// are relative to the current directory. Everything is checked (passphrases, existing files) before anything is
    /// written. Prints paths, subjects, dates, fingerprints and the <c>juju config</c> line; never a key or a passphrase.
    /// </summary>
    private static Command CreateGenerate(CliContext context)
    {
        var plan = new Argument<string>("PLAN") { Description = "The plan file." };
        var operation = new Option<string?>("--operation")
        {
            Description = "Generate only for the octavia.pki operation with this id (default: every octavia.pki operation).",
            HelpName = "ID",
        };
        var clusters = CommonOptions.Clusters();
        var command = new Command("generate",
            "Generate the Octavia PKI of the plan's octavia.pki operations (issuing CA, controller CA, controller certificate and bundle) " +
            "and write the PEM files and the juju config values. Output paths are relative to the current directory.")
        {
            plan,
            operation,
            clusters,
        };
        command.SetAction(parseResult =>
        {
            var overrides = CommonOptions.ParseClusters(parseResult.GetValue(clusters), context.Error);
            if (overrides is null)
            {
                return ExitCodes.Failed;
            }

            if (OperatingSystem.IsWindows())
            {
                context.Error.WriteLine("mplan: certs generate needs a Unix file system (private keys are written with mode 0600)");
                return ExitCodes.Failed;
            }

            return Generate(context, parseResult.GetValue(plan)!, parseResult.GetValue(operation), overrides);
        });
        return command;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static int Generate(CliContext context, string planPath, string? operationId, Dictionary<string, string> overrides)
    {
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build(planPath, context.Files, overrides, diagnostics, estimate: false);
        DiagnosticsView.Write(context.Error, diagnostics.Sorted());
        if (resolved is null)
        {
            return ExitCodes.Failed;
        }

        var specs = resolved.Operations.Select(o => o.Spec).Where(s => s.Uses == PkiRequestBuilder.Uses && (operationId is null || s.Id == operationId)).ToList();
        if (specs.Count == 0)
        {
            var pki = resolved.Operations.Where(o => o.Spec.Uses == PkiRequestBuilder.Uses).Select(o => o.Spec.Id).ToList();
            context.Error.WriteLine(operationId is null
                ? $"mplan: {planPath} has no {PkiRequestBuilder.Uses} operation"
                : $"mplan: {planPath} has no {PkiRequestBuilder.Uses} operation '{operationId}'" +
                  (pki.Count == 0 ? $" (it has no {PkiRequestBuilder.Uses} operation at all)" : $" (its {PkiRequestBuilder.Uses} operations: {string.Join(", ", pki)})"));
            return ExitCodes.Failed;
        }

        using var job = new PkiJob(specs, Environment.GetEnvironmentVariable);
        if (job.Problems.Count > 0)
        {
            foreach (var problem in job.Problems)
            {
                context.Error.WriteLine($"mplan: {problem}");
            }

            context.Error.WriteLine("Nothing was generated or written.");
            return ExitCodes.Failed;
        }

        try
        {
            foreach (var result in job.Run(new PkiGenerator(TimeProvider.System, new SecureRandom(new CryptoApiRandomGenerator())), TimeProvider.System))
            {
                Report(context.Output, result.Operation, result.Set, result.Elapsed);
                var width = result.Written.Max(w => w.Location.Length);
                context.Output.WriteLine("  wrote:");
                foreach (var item in result.Written)
                {
                    context.Output.WriteLine($"    {item.Mode}  {item.Location.PadRight(width)}  {item.Content}");
                }

                if (result.NextSteps.Count > 0)
                {
                    context.Output.WriteLine("  next:");
                    foreach (var step in result.NextSteps)
                    {
                        context.Output.WriteLine($"    {step}");
                    }
                }
            }

            return ExitCodes.Success;
        }
        catch (PkiException e)
        {
            context.Error.WriteLine($"mplan: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static void Report(TextWriter output, PkiOperation operation, PkiSet set, TimeSpan elapsed)
    {
        var request = operation.Request;
        var seconds = elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        output.WriteLine($"Operation {operation.Id}: the Octavia PKI, {set.KeyType.Name()}, valid {DurationText.Format(request.Validity)}, generated in {seconds}s");
        output.WriteLine($"  CA keys encrypted with the passphrase from the {operation.PassphraseSource}");
        var width = set.All.Max(c => c.Role.Length);
        foreach (var credential in set.All)
        {
            var issuer = credential.IsCa ? "self-signed" : $"issued by {credential.Issuer}";
            output.WriteLine($"  {credential.Role.PadRight(width)}  {credential.Subject} ({issuer})");
            output.WriteLine($"  {new string(' ', width)}  valid {Stamp(credential.NotBefore)} to {Stamp(credential.NotAfter)}, serial {credential.SerialHex}");
            output.WriteLine($"  {new string(' ', width)}  sha256 {credential.Sha256Fingerprint}");
        }
    }

    private static string Stamp(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
