using Planner.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Planner.Documents;

/// <summary>Builds a <see cref="YNode"/> tree from YAML text with YamlDotNet's event parser.</summary>
internal sealed class YamlDocumentReader(string file, DocumentLimits limits, DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, (YNode Node, long Size)> _anchors = new(StringComparer.Ordinal);

    // The flow collections ('[' and '{') open at the current position, innermost last, and the last event read:
    // YamlDotNet can fail without a position (an InvalidOperationException) on an unclosed flow collection.
    private readonly Stack<(Mark Start, bool IsSequence)> _openFlows = new();
    private Mark _lastEvent = Mark.Empty;
    private long _aliasedNodes;

    public YNode? Read(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, 1).Node;
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                diagnostics.Error(DiagnosticCodes.MultipleDocuments, At(second.Start),
                    "the file holds more than one YAML document", "keep one document per file; remove the '---' separator");
                return null;
            }

            return root;
        }
        catch (YamlException e)
        {
            if (IndentingTab(text, e) is { } tab)
            {
                diagnostics.Error(DiagnosticCodes.InvalidYaml, tab, "invalid YAML: a tab is used for indentation",
                    "YAML indents with spaces only: replace the tab with spaces");
                return null;
            }

            var message = TrimYamlMessage(e.Message);
            diagnostics.Error(DiagnosticCodes.InvalidYaml, At(e.Start), $"invalid YAML: {message}",
                message.Contains("quoted scalar", StringComparison.Ordinal)
                    ? "check that the quote opened here is closed"
                    : "check the indentation and quoting around this position");
            return null;
        }
        catch (InvalidDocumentException e)
        {
            diagnostics.Error(e.Code, e.Location, e.Message, e.Hint);
            return null;
        }
        catch (InvalidOperationException)
        {
            // A YamlDotNet scanner bug, seen with a flow sequence left open before a block entry: report what we know.
            if (_openFlows.TryPeek(out var open))
            {
                var (opening, closing) = open.IsSequence ? ('[', ']') : ('{', '}');
                diagnostics.Error(DiagnosticCodes.InvalidYaml, At(open.Start), $"invalid YAML: the '{opening}' opened here is not closed",
                    $"close it with '{closing}'");
            }
            else
            {
                diagnostics.Error(DiagnosticCodes.InvalidYaml, At(_lastEvent), "invalid YAML: the parser cannot continue after this point",
                    "check the indentation and quoting around this position");
            }

            return null;
        }
    }

    private (YNode Node, long Size) ReadNode(IParser parser, int depth)
    {
        // Depth counts mappings and sequences, as the JSON reader does; a scalar adds no level.
        if (depth > limits.MaxDepth && parser.Current is MappingStart or SequenceStart)
        {
            throw new InvalidDocumentException(DiagnosticCodes.TooDeep, At(parser.Current!.Start),
                $"the document nests deeper than {limits.MaxDepth} levels", "flatten the structure; no plan or cluster file needs this depth");
        }

        var current = parser.Current!;
        _lastEvent = current.Start;
        var result = current switch
        {
            Scalar scalar => ReadScalar(parser, scalar),
            SequenceStart start => ReadSequence(parser, start, depth),
            MappingStart start => ReadMapping(parser, start, depth),
            AnchorAlias alias => ReadAlias(parser, alias),
            _ => throw new InvalidDocumentException(DiagnosticCodes.InvalidYaml, At(current.Start), $"unexpected YAML event {current.GetType().Name}", null),
        };
        return result;
    }

    private (YNode, long) ReadScalar(IParser parser, Scalar scalar)
    {
        parser.MoveNext();
        var kind = scalar.Tag.IsEmpty
            ? (scalar.Style == ScalarStyle.Plain ? CoreSchema.Resolve(scalar.Value) : ScalarKind.String)
            : KindOfTag(scalar);
        var node = new YScalar(file, (int)scalar.Start.Line, (int)scalar.Start.Column, scalar.Value, kind);
        Remember(scalar.Anchor, node, 1);
        return (node, 1);
    }

    private (YNode, long) ReadSequence(IParser parser, SequenceStart start, int depth)
    {
        CheckCollectionTag(start, "tag:yaml.org,2002:seq");
        OpenFlow(start.Start, start.Style == SequenceStyle.Flow, isSequence: true);
        parser.MoveNext();
        var items = new List<YNode>();
        long size = 1;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            var (item, itemSize) = ReadNode(parser, depth + 1);
            items.Add(item);
            size += itemSize;
        }

        CloseFlow(start.Style == SequenceStyle.Flow);

        var node = new YSequence(file, (int)start.Start.Line, (int)start.Start.Column, [.. items]);
        Remember(start.Anchor, node, size);
        return (node, size);
    }

    private (YNode, long) ReadMapping(IParser parser, MappingStart start, int depth)
    {
        CheckCollectionTag(start, "tag:yaml.org,2002:map");
        OpenFlow(start.Start, start.Style == MappingStyle.Flow, isSequence: false);
        parser.MoveNext();
        var entries = new List<KeyValuePair<YScalar, YNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long size = 1;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            var (key, _) = ReadNode(parser, depth + 1);
            if (key is not YScalar scalarKey)
            {
                throw new InvalidDocumentException(DiagnosticCodes.InvalidYaml, At(keyEvent.Start),
                    "a mapping key must be a plain value, not a list or mapping", null);
            }

            if (!seen.Add(scalarKey.Value))
            {
                throw new InvalidDocumentException(DiagnosticCodes.DuplicateKey, scalarKey.Location,
                    $"duplicate key {DiagnosticText.Quote(scalarKey.Value)}", "a key may appear once per mapping; remove or merge the repeated entry");
            }

            var (value, valueSize) = ReadNode(parser, depth + 1);
            entries.Add(new(scalarKey, value));
            size += valueSize + 1;
        }

        CloseFlow(start.Style == MappingStyle.Flow);

        var node = new YMapping(file, (int)start.Start.Line, (int)start.Start.Column, [.. entries]);
        Remember(start.Anchor, node, size);
        return (node, size);
    }

    private (YNode, long) ReadAlias(IParser parser, AnchorAlias alias)
    {
        parser.MoveNext();
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            throw new InvalidDocumentException(DiagnosticCodes.InvalidYaml, At(alias.Start), $"unknown alias '*{alias.Value.Value}'", "define the anchor '&name' before using it");
        }

        _aliasedNodes += anchored.Size;
        if (_aliasedNodes > limits.MaxAliasedNodes)
        {
            throw new InvalidDocumentException(DiagnosticCodes.TooManyAliases, At(alias.Start),
                $"aliases expand to more than {limits.MaxAliasedNodes:N0} nodes", "use fewer or smaller aliases");
        }

        return anchored;
    }

    // A tag on a list or mapping (!!set, !!omap, !Custom) would change its meaning; only the core ones are accepted.
    private void CheckCollectionTag(NodeEvent start, string coreTag)
    {
        if (!start.Tag.IsEmpty && start.Tag.Value != coreTag && start.Tag.Value != "!")
        {
            throw new InvalidDocumentException(DiagnosticCodes.InvalidYaml, At(start.Start),
                $"unsupported tag '{ShowTag(start.Tag.Value)}'", "remove the tag; mplan reads plain YAML 1.2 core types");
        }
    }

    private void OpenFlow(Mark start, bool isFlow, bool isSequence)
    {
        if (isFlow)
        {
            _openFlows.Push((start, isSequence));
        }
    }

    private void CloseFlow(bool isFlow)
    {
        if (isFlow)
        {
            _openFlows.Pop();
        }
    }

    private void Remember(AnchorName anchor, YNode node, long size)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (node, size);
        }
    }

    private ScalarKind KindOfTag(Scalar scalar) => scalar.Tag.Value switch
    {
        "tag:yaml.org,2002:str" => ScalarKind.String,
        "tag:yaml.org,2002:int" => ScalarKind.Integer,
        "tag:yaml.org,2002:float" => ScalarKind.Float,
        "tag:yaml.org,2002:bool" => ScalarKind.Boolean,
        "tag:yaml.org,2002:null" => ScalarKind.Null,
        "!" => ScalarKind.String,
        _ => throw new InvalidDocumentException(DiagnosticCodes.InvalidYaml, At(scalar.Start),
            $"unsupported tag '{ShowTag(scalar.Tag.Value)}'", "remove the tag; mplan reads plain YAML 1.2 core types"),
    };

    // A tab in the indentation of the lines the error spans (and the next, where the scanner often notices it).
    private SourceLocation? IndentingTab(string text, YamlException e)
    {
        var lines = text.Split('\n');
        for (var line = (int)Math.Max(1, e.Start.Line); line <= Math.Min(lines.Length, e.End.Line + 1); line++)
        {
            var content = lines[line - 1];
            var indentation = content.Length - content.TrimStart(' ', '\t').Length;
            var tab = content.IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indentation)
            {
                return new SourceLocation(file, line, tab + 1);
            }
        }

        return null;
    }

    // Tags as they are written: tag:yaml.org,2002:set is !!set in the file.
    private static string ShowTag(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    private SourceLocation At(Mark mark) => new(file, (int)mark.Line, (int)mark.Column);

    private static string TrimYamlMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is printed by us.
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        var text = index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
        return text.TrimEnd('.').Length == 0 ? message : char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.');
    }
}
