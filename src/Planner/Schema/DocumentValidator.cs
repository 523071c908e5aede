using Planner.Diagnostics;
using Planner.Documents;

namespace Planner.Schema;

/// <summary>
/// Checks a document against its schema. JsonSchema.Net (draft 2020-12) gives the verdict; when it finds the document
/// invalid, mplan's own validator words the diagnostics (its messages name the value and its hints suggest the fix,
/// such as the closest property name), and JsonSchema.Net's own errors, with the schema's x-hint, are reported should
/// ours find nothing. The cluster file is the exception, see <see cref="SchemaCatalog.HotPath"/>.
/// </summary>
internal sealed class DocumentValidator(SchemaValidator own, StandardSchemaValidator? standard)
{
    public void Validate(YNode document, DiagnosticBag diagnostics)
    {
        if (standard is null)
        {
            own.Validate(document, diagnostics);
            return;
        }

        var findings = standard.Validate(document);
        if (findings.Count == 0)
        {
            return;
        }

        var worded = new DiagnosticBag();
        own.Validate(document, worded);
        diagnostics.AddRange(worded.HasErrors ? worded.Items : findings);
    }
}
