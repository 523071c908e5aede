using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cli.Views;
using Planner.Certificates;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Plans;

namespace Cli.Commands;

/// <summary>
/// <c>mplan certs scan [PEM...] [--inventory FILE] [--within D] [--at TIME]</c>: the expiry table of certificates in PEM
/// files and bundles and in cluster inventories (amphora cert_expiration, subcloud root CAs, listed certificates).
/// </summary>
internal static class CertsScanCommand
{
    public static Command Create(CliContext context)
    {
        var pems = new Argument<string[]>("PEM") { Description = "PEM files or bundles to read certificates from.", Arity = ArgumentArity.ZeroOrMore };
        var inventories = new Option<string[]>("--inventory")
        {
            Description = "A cluster file whose amphorae, subclouds and certificates to include (repeatable).",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        var within = new Option<string?>("--within") { Description = "Show only certificates that expire within this time of --at (e.g. 30d).", HelpName = "DURATION" };
        var at = new Option<string?>("--at") { Description = "Count days left from this time (ISO 8601; default: now).", HelpName = "TIME" };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 2 when a listed certificate expires within --within (or has expired)." };
        var command = new Command("scan", "Print the expiry table of certificates in PEM files and cluster inventories.")
        {
            pems, inventories, within, at, format, detailed,
        };
        command.SetAction(parseResult =>
        {
            if (!TryReadOptions(context, parseResult.GetValue(within), parseResult.GetValue(at), out var window, out var now))
            {
                return ExitCodes.Failed;
            }

            var records = Collect(context, parseResult.GetValue(pems) ?? [], parseResult.GetValue(inventories) ?? []);
            if (records is null)
            {
                return ExitCodes.Failed;
            }

            var shown = ExpiryTable.Order(records.Where(r => window is null || r.NotAfter - now <= window)).ToList();
            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(context.Output, shown, now);
            }
            else
            {
                TextTable.Write(context.Output, ExpiryTable.Header, [.. shown.Select(r => (IReadOnlyList<string>)ExpiryTable.Row(r, now))], "", int.MaxValue);
                context.Output.WriteLine($"{DiagnosticText.Plural(shown.Count, "certificate")} of {records.Count}{(window is null ? "" : $" expire within {DurationText.Format(window.Value)}")}, days counted from {now.UtcDateTime:yyyy-MM-dd HH:mm}Z.");
            }

            return parseResult.GetValue(detailed) && window is not null && shown.Count > 0 ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }

    private static bool TryReadOptions(CliContext context, string? withinText, string? atText, out TimeSpan? window, out DateTimeOffset now)
    {
        window = null;
        now = TimeProvider.System.GetUtcNow();
        if (withinText is not null)
        {
            if (!DurationText.TryParse(withinText, out var parsed))
            {
                context.Error.WriteLine($"mplan: --within expects a duration such as 30d, got '{withinText}'");
                return false;
            }

            window = parsed;
        }

        if (atText is not null && !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now))
        {
            context.Error.WriteLine($"mplan: --at expects a time such as 2026-12-05T22:00:00Z, got '{atText}'");
            return false;
        }

        return true;
    }

    private static List<CertificateRecord>? Collect(CliContext context, string[] pems, string[] inventories)
    {
        if (pems.Length == 0 && inventories.Length == 0)
        {
            context.Error.WriteLine("mplan: give PEM files and/or --inventory cluster files to scan");
            return null;
        }

        var records = new List<CertificateRecord>();
        var ok = true;
        foreach (var path in pems)
        {
            var bytes = context.Files.TryRead(path, out var error);
            var found = bytes is null ? [] : CertificateSources.FromPem(path, bytes, out error);
            if (error is not null)
            {
                context.Error.WriteLine($"{path}: error: {error}");
                ok &= bytes is not null && found.Count > 0;
            }

            records.AddRange(found);
        }

        foreach (var path in inventories)
        {
            var diagnostics = new DiagnosticBag();
            var cluster = PlanBuilder.LoadCluster(path, context.Files, diagnostics);
            DiagnosticsView.Write(context.Error, diagnostics.Sorted());
            ok &= cluster is not null;
            if (cluster is not null)
            {
                records.AddRange(CertificateSources.FromCluster(cluster));
            }
        }

        return ok ? records : null;
    }

    private static void WriteJson(TextWriter writer, List<CertificateRecord> records, DateTimeOffset now)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, SavedPlan.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("format_version", "1.0");
            json.WriteString("at", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteStartArray("certificates");
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteString("target", record.Target);
                json.WriteString("source", record.Source);
                json.WriteString("subject", record.Subject);
                json.WriteString("not_after", record.NotAfter.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteNumber("days_left", record.DaysLeft(now));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        writer.Write('\n');
    }
}
