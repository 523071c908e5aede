using System.Collections.Concurrent;
using System.Text.Json;

namespace Planner.Schema;

/// <summary>The schemas in <c>schemas/</c>, embedded in this assembly at build time and compiled once.</summary>
internal static class SchemaCatalog
{
    public const string Plan = "plan.v1.schema.json";
    public const string Cluster = "cluster.v1.schema.json";
    public const string Behaviour = "behaviour.v1.schema.json";

    private static readonly ConcurrentDictionary<string, SchemaValidator> Validators = new(StringComparer.Ordinal);

    public static SchemaValidator Validator(string name) => Validators.GetOrAdd(name, static n =>
    {
        using var document = JsonDocument.Parse(Text(n));
        return new SchemaValidator(SchemaCompiler.Compile(document.RootElement));
    });

    public static string Text(string name)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream("schemas/" + name)
            ?? throw new InvalidOperationException($"Schema '{name}' is not embedded; this is a bug in the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
