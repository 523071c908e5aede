using System.Text.Json.Nodes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>
/// A parsed <c>labelSelector</c> plus <c>fieldSelector</c> of a LIST or WATCH. Label selectors take
/// <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> and <c>!k</c>; field
/// selectors take <c>=</c>, <c>==</c> and <c>!=</c> on <c>metadata.name</c>, <c>metadata.namespace</c>,
/// <c>spec.nodeName</c> and <c>status.phase</c>, as the real server does for the kinds that have them.
/// </summary>
public sealed class Selector
{
    private readonly List<Func<JsonObject, bool>> _tests = [];

    /// <summary>Everything matches.</summary>
    public static Selector All { get; } = new();

    /// <summary>Parses both selectors; a bad one is a 400 <see cref="ApiError"/>.</summary>
    /// <param name="labelSelector">The <c>labelSelector</c> query value, or null.</param>
    /// <param name="fieldSelector">The <c>fieldSelector</c> query value, or null.</param>
    public static Selector Parse(string? labelSelector, string? fieldSelector)
    {
        var selector = new Selector();
        foreach (var term in SplitTerms(labelSelector))
        {
            selector._tests.Add(LabelTest(term));
        }

        foreach (var term in SplitTerms(fieldSelector))
        {
            selector._tests.Add(FieldTest(term));
        }

        return selector;
    }

    /// <summary>Whether <paramref name="item"/> passes every term.</summary>
    /// <param name="item">A stored object.</param>
    public bool Matches(JsonObject item) => _tests.TrueForAll(test => test(item));

    // Commas separate terms except inside the parentheses of in/notin.
    private static IEnumerable<string> SplitTerms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }

        yield return text[start..].Trim();
    }

    private static Func<JsonObject, bool> LabelTest(string term)
    {
        string? Label(JsonObject o, string key) => o["metadata"]?["labels"]?[key]?.GetValue<string>();
        if (SplitSet(term, " notin ") is var (notKey, notValues))
        {
            return o => Label(o, notKey) is not { } v || !notValues.Contains(v);
        }

        if (SplitSet(term, " in ") is var (inKey, inValues))
        {
            return o => Label(o, inKey) is { } v && inValues.Contains(v);
        }

        if (SplitOperator(term) is var (key, op, value))
        {
            CheckKey(key, term);
            return op == "!=" ? o => Label(o, key) != value : o => Label(o, key) == value;
        }

        if (term.StartsWith('!'))
        {
            var absent = term[1..].Trim();
            CheckKey(absent, term);
            return o => Label(o, absent) is null;
        }

        CheckKey(term, term);
        return o => Label(o, term) is not null;
    }

    private static Func<JsonObject, bool> FieldTest(string term)
    {
        if (SplitOperator(term) is not var (field, op, value))
        {
            throw ApiError.BadRequest($"invalid selector: '{term}'; can't understand '{term}'");
        }

        var path = field switch
        {
            "metadata.name" or "metadata.namespace" or "spec.nodeName" or "status.phase" or "spec.unschedulable" => field.Split('.'),
            _ => throw ApiError.BadRequest($"field label not supported: {field}"),
        };
        string? Read(JsonObject o)
        {
            JsonNode? node = o;
            foreach (var part in path)
            {
                node = node?[part];
            }

            return node?.ToString();
        }

        // An absent field compares as the empty string (spec.nodeName= selects unscheduled pods).
        return op == "!=" ? o => (Read(o) ?? "") != value : o => (Read(o) ?? "") == value;
    }

    private static (string Key, string Op, string Value)? SplitOperator(string term)
    {
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return (term[..at].Trim(), op, term[(at + op.Length)..].Trim());
            }
        }

        return null;
    }

    private static (string Key, HashSet<string> Values)? SplitSet(string term, string keyword)
    {
        var at = term.IndexOf(keyword, StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }

        var rest = term[(at + keyword.Length)..].Trim();
        if (!rest.StartsWith('(') || !rest.EndsWith(')'))
        {
            throw ApiError.BadRequest($"unable to parse requirement: found '{rest}', expected: '('");
        }

        var values = rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return (term[..at].Trim(), values);
    }

    private static void CheckKey(string key, string term)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '='))
        {
            throw ApiError.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in '{term}'");
        }
    }
}
