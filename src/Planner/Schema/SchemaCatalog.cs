using System.Collections.Concurrent;
using System.Text.Json;

namespace Planner.Schema;

/// <summary>The schemas in <c>schemas/</c>, embedded in this assembly at build time and compiled once.</summary>
internal static class SchemaCatalog
{
    public const string Plan = "plan.v1.schema.json";
    public const string Cluster = "cluster.v1.schema.json";
    public const string Behaviour = "behaviour.v1.schema.json";

    /// <summary>
    /// Schemas checked by mplan's own validator alone: the cluster file, the hot path. In one run of
    /// bench/schema-validators.sh on the cluster of the 100k-LB plan (100k LBs, 5k nodes, 5k subclouds), with Python's
    /// json.load of that file as the yardstick (1.32 s): JsonSchema.Net took 1.88 s on the document tree (1.43 x, its
    /// verdict alone) and 1.63 s on the file's bytes (1.23 x), ours 0.055 s (0.04 x); the whole plan's goal is 1.5 x.
    /// The tests check that both validators agree on every document of the broken-plan corpus.
    /// </summary>
    public static readonly IReadOnlySet<string> HotPath = new HashSet<string>(StringComparer.Ordinal) { Cluster };

    // Lazy values: a validator asked for on two threads at once (see Prepare) is compiled once, the second caller waits.
    private static readonly ConcurrentDictionary<string, Lazy<DocumentValidator>> Validators = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<StandardSchemaValidator>> Standards = new(StringComparer.Ordinal);

    public static DocumentValidator Validator(string name) => Validators.GetOrAdd(name, static n =>
        new Lazy<DocumentValidator>(() => new DocumentValidator(Own(n), HotPath.Contains(n) ? null : Standard(n)))).Value;

    /// <summary>
    /// Compiles the validators for <paramref name="names"/> on a background thread, for a caller that will need them
    /// after reading its files: JsonSchema.Net's first use (its meta-schemas) and our compiler take tens of milliseconds.
    /// </summary>
    public static void Prepare(params string[] names) => Task.Run(() =>
    {
        foreach (var name in names)
        {
            Validator(name);
        }
    });

    /// <summary>mplan's own validator for a schema.</summary>
    public static SchemaValidator Own(string name)
    {
        using var document = JsonDocument.Parse(Text(name));
        return new SchemaValidator(SchemaCompiler.Compile(document.RootElement));
    }

    /// <summary>JsonSchema.Net's validator for a schema.</summary>
    public static StandardSchemaValidator Standard(string name) =>
        Standards.GetOrAdd(name, static n => new Lazy<StandardSchemaValidator>(() => new StandardSchemaValidator(Text(n)))).Value;

    public static string Text(string name)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream("schemas/" + name)
            ?? throw new InvalidOperationException($"Schema '{name}' is not embedded; this is a bug in the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
