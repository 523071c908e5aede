using System.CommandLine;
using Cli.Views;
using Simulator.Behaviour;
using Simulator.Calibration;

namespace Cli.Commands;

/// <summary>
/// <c>mplan calibrate JOURNAL... --out FILE</c>: fits durations, failure rates and the operator's response time from the
/// journals of earlier applies and writes them as a behaviour file for <c>simulate</c> and <c>plan --behaviour</c>.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(CliContext context)
    {
        var journals = new Argument<string[]>("JOURNAL") { Description = "Journals of earlier applies (apply --journal).", Arity = ArgumentArity.OneOrMore };
        var cluster = new Option<string?>("--cluster") { Description = "Use only the attempts on cluster NAME.", HelpName = "NAME" };
        var output = new Option<string>("--out") { Description = "Write the behaviour file to FILE.", HelpName = "FILE", Required = true };
        var command = new Command("calibrate", "Fit the simulator's behaviour (durations, failure rates, operator response) from apply journals.")
        {
            journals, cluster, output,
        };
        command.SetAction(parseResult => JournalCommands.Run(context, () =>
        {
            var paths = parseResult.GetValue(journals)!;
            var data = CalibrationSource.Read(paths, parseResult.GetValue(cluster));
            var result = Calibrator.Fit(data);
            CalibrationView.Render(result, context.Output);
            if (!result.FittedAnything || data.From is not { } from || data.To is not { } to)
            {
                context.Error.WriteLine($"mplan: refusing to calibrate from too little data: no kind has {Calibrator.MinimumDurations} successful attempts " +
                    $"and there are not {Calibrator.MinimumResponses} approved gates (see above for what each has); apply more runs, or give more journals");
                return ExitCodes.Failed;
            }

            var outPath = parseResult.GetValue(output)!;
            var provenance = new BehaviourProvenance(data.Journals, data.Cluster, from, to, data.Kinds.Sum(k => k.EndedAttempts));
            File.WriteAllText(outPath, BehaviourFile.Write(Path.GetFileNameWithoutExtension(outPath), result.Behaviour, provenance));
            context.Error.WriteLine($"Wrote {outPath}: give it to mplan simulate --behaviour or mplan plan --behaviour, or name it in a cluster file's behaviour:.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
