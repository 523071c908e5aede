using System.CommandLine;
using System.Globalization;
using Simulator.Clusters;

namespace Cli.Commands;

/// <summary><c>mplan cluster generate</c>: write a realistic fake cluster inventory, reproducibly.</summary>
internal static class ClusterCommand
{
    public static Command Create(CliContext context) =>
        new("cluster", "Work with cluster inventories.") { Generate(context) };

    private static Command Generate(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "The cluster's name (metadata.name).", Required = true };
        var loadBalancers = Count("--loadbalancers", "How many Octavia load balancers.");
        var nodes = Count("--nodes", "How many nodes: 3 control plane, a few gateways, the rest compute.");
        var subclouds = Count("--subclouds", "How many StarlingX subclouds.");
        var seed = new Option<int>("--seed")
        {
            Description = "Seeds every random choice: the same arguments and seed give the same file.",
            DefaultValueFactory = _ => ClusterGeneratorOptions.DefaultSeed,
        };
        var referenceDate = new Option<string>("--reference-date")
        {
            Description = "\"Now\" for the generated cluster (YYYY-MM-DD): certificates expire within the year after it.",
            HelpName = "DATE",
            DefaultValueFactory = _ => ClusterGeneratorOptions.DefaultReferenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var format = new Option<string?>("--format") { Description = "yaml (the default) or json (the default when --out ends with .json; loads much faster)." };
        format.AcceptOnlyFromAmong("yaml", "json");
        var output = new Option<string?>("--out") { Description = "Write to FILE instead of standard output.", HelpName = "FILE" };
        var command = new Command("generate", "Write a realistic fake cluster file (load balancers, nodes, subclouds) for demos, tests and benchmarks.")
        {
            name, loadBalancers, nodes, subclouds, seed, referenceDate, format, output,
        };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(output);
            var problems = new List<string>();
            if (!DateOnly.TryParseExact(parseResult.GetValue(referenceDate), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problems.Add($"--reference-date expects a date such as 2026-12-01, got '{parseResult.GetValue(referenceDate)}'");
            }

            var options = new ClusterGeneratorOptions(
                parseResult.GetValue(name)!,
                parseResult.GetValue(loadBalancers),
                parseResult.GetValue(nodes),
                parseResult.GetValue(subclouds),
                parseResult.GetValue(seed),
                date,
                FormatOf(parseResult.GetValue(format), path));
            problems.AddRange(options.Problems());
            if (problems.Count > 0)
            {
                problems.ForEach(p => context.Error.WriteLine($"mplan: {p}"));
                return ExitCodes.Failed;
            }

            if (path is null)
            {
                using var stream = new TextWriterStream(context.Output);
                ClusterGenerator.Write(options, stream);
                return ExitCodes.Success;
            }

            try
            {
                using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                ClusterGenerator.Write(options, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"mplan: cannot write {path}: {e.Message}");
                return ExitCodes.Failed;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<int> Count(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => 0,
    };

    private static ClusterFileFormat FormatOf(string? format, string? path) => format switch
    {
        "json" => ClusterFileFormat.Json,
        "yaml" => ClusterFileFormat.Yaml,
        _ when path?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true => ClusterFileFormat.Json,
        _ => ClusterFileFormat.Yaml,
    };
}
