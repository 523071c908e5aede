using System.Diagnostics;
using System.Text.Json;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Schema;

// Times, in one process, each way of schema-checking one cluster file: read into the document tree (the planner does
// this anyway), mplan's own validator on the tree, JsonSchema.Net on the tree (written as JSON first: the planner's
// path, which keeps positions), and JsonSchema.Net on the file's own bytes (its best case). Best of REPS, in seconds.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: SchemaValidators CLUSTER.json [REPS]");
    return 2;
}

var bytes = File.ReadAllBytes(args[0]);
var reps = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var ours = SchemaCatalog.Own(SchemaCatalog.Cluster);
var standard = SchemaCatalog.Standard(SchemaCatalog.Cluster);
YNode? tree = null;

double Best(Func<int> run)
{
    var best = double.MaxValue;
    for (var i = 0; i < reps; i++)
    {
        var watch = Stopwatch.StartNew();
        var errors = run();
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
        if (errors != 0)
        {
            throw new InvalidOperationException($"the cluster file is not valid ({errors} errors); the bench needs a valid one");
        }
    }

    return best;
}

var read = Best(() => { var d = new DiagnosticBag(); tree = DocumentLoader.Load("cluster.json", bytes, DocumentLimits.Cluster, d); return d.Items.Count; });
var own = Best(() => { var d = new DiagnosticBag(); ours.Validate(tree!, d); return d.Items.Count; });
var standardTree = Best(() => { return standard.Validate(tree!).Count; });
var standardBytes = Best(() => { using var json = JsonDocument.Parse(bytes); return standard.IsValid(json.RootElement) ? 0 : 1; });
Console.WriteLine($"read_tree={read:F3} own_validator={own:F3} jsonschema_net_tree={standardTree:F3} jsonschema_net_bytes={standardBytes:F3}");
return 0;
