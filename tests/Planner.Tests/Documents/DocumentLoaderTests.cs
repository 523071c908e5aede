using System.Text;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Tests.Corpus;

namespace Planner.Tests.Documents;

public sealed class DocumentLoaderTests
{
    private const string File = "doc.yaml";

    // JSON that exercises every node kind, escapes, non-ASCII text before later tokens on a line, and nesting.
    private const string Json = """
        {
          "apiVersion": "mplan/v1",
          "metadata": {"name": "café-é", "count": 5, "ratio": 1.5, "big": 1e3, "negative": -7},
          "flags": [true, false, null],
          "text": "say \"hi\"\n\u00e9", "after": "x",
          "empty": {}, "none": [],
          "nested": [[1, [2, {"deep": "yes"}]], {"k": "v"}]
        }
        """;

    [Fact]
    public void Load_JsonDocument_BuildsTheSameTreeAsTheYamlParser()
    {
        // Given the same text read by the JSON fast path and by the YAML parser (JSON is YAML)
        var bytes = Encoding.UTF8.GetBytes(Json);
        var diagnostics = new DiagnosticBag();

        // When
        var fast = new JsonDocumentReader(File, DocumentLimits.Plan).TryRead(bytes, 0);
        var yaml = new YamlDocumentReader(File, DocumentLimits.Plan, diagnostics).Read(Json);

        // Then: same kinds, values, keys and positions, node by node
        Assert.NotNull(fast);
        Assert.NotNull(yaml);
        Assert.Empty(diagnostics.Items);
        Assert.Equal(TreeText.Flatten(yaml), TreeText.Flatten(fast));
    }

    [Fact]
    public void Load_JsonDocument_TakesTheFastPathWithCoreTypes()
    {
        // Given
        var diagnostics = new DiagnosticBag();

        // When
        var root = Assert.IsType<YMapping>(DocumentLoader.Load(File, Encoding.UTF8.GetBytes(Json), DocumentLimits.Plan, diagnostics));

        // Then
        Assert.Empty(diagnostics.Items);
        var metadata = Assert.IsType<YMapping>(root["metadata"]);
        Assert.Equal(ScalarKind.Integer, Assert.IsType<YScalar>(metadata["count"]).Kind);
        Assert.Equal(ScalarKind.Float, Assert.IsType<YScalar>(metadata["big"]).Kind);
        Assert.Equal(1000.0, Assert.IsType<YScalar>(metadata["big"]).AsNumber());
        Assert.Equal("say \"hi\"\né", Assert.IsType<YScalar>(root["text"]).Value);
        Assert.Equal(new SourceLocation(File, 3, 3), root.KeyOf("metadata")!.Location);
    }

    [Fact]
    public void Load_YamlScalars_AreTypedByTheCoreSchema()
    {
        // Given
        const string yaml = """
            unquoted: 5
            quoted: "5"
            single: '5'
            word: yes
            boolean: true
            tilde: ~
            empty:
            hex: 0x1F
            infinity: .inf
            exponent: 1e3
            tagged: !!str 5
            """;
        var diagnostics = new DiagnosticBag();

        // When
        var root = Assert.IsType<YMapping>(DocumentLoader.Load(File, Encoding.UTF8.GetBytes(yaml), DocumentLimits.Plan, diagnostics));

        // Then
        Assert.Empty(diagnostics.Items);
        YScalar Scalar(string key) => Assert.IsType<YScalar>(root[key]);
        Assert.Equal((ScalarKind.Integer, 5.0), (Scalar("unquoted").Kind, Scalar("unquoted").AsNumber()));
        Assert.Equal(ScalarKind.String, Scalar("quoted").Kind);
        Assert.Equal(ScalarKind.String, Scalar("single").Kind);
        Assert.Equal(ScalarKind.String, Scalar("word").Kind);
        Assert.Equal((ScalarKind.Boolean, true), (Scalar("boolean").Kind, Scalar("boolean").AsBoolean()));
        Assert.Equal(ScalarKind.Null, Scalar("tilde").Kind);
        Assert.Equal(ScalarKind.Null, Scalar("empty").Kind);
        Assert.Equal((ScalarKind.Integer, 31L), (Scalar("hex").Kind, Scalar("hex").AsInteger()));
        Assert.Equal((ScalarKind.Float, double.PositiveInfinity), (Scalar("infinity").Kind, Scalar("infinity").AsNumber()));
        Assert.Equal((ScalarKind.Float, 1000.0), (Scalar("exponent").Kind, Scalar("exponent").AsNumber()));
        Assert.Equal(ScalarKind.String, Scalar("tagged").Kind);
    }

    [Fact]
    public void Load_YamlNodes_CarryOneBasedLineAndColumn()
    {
        // Given
        const string yaml = "a:\n  b: [x, {c: d}]\n  e: f\n";
        var diagnostics = new DiagnosticBag();

        // When
        var root = Assert.IsType<YMapping>(DocumentLoader.Load(File, Encoding.UTF8.GetBytes(yaml), DocumentLimits.Plan, diagnostics));

        // Then
        var a = Assert.IsType<YMapping>(root["a"]);
        var b = Assert.IsType<YSequence>(a["b"]);
        Assert.Equal((1, 1), (root.KeyOf("a")!.Line, root.KeyOf("a")!.Column));
        Assert.Equal((2, 6), (b.Line, b.Column));
        Assert.Equal((2, 7), (b.Items[0].Line, b.Items[0].Column));
        Assert.Equal((2, 10), (b.Items[1].Line, b.Items[1].Column));
        Assert.Equal((3, 6), (a["e"]!.Line, a["e"]!.Column));
    }

    [Fact]
    public void Load_Utf8ByteOrderMark_IsSkippedWithoutShiftingColumns()
    {
        // Given
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("key: value\n")).ToArray();
        var diagnostics = new DiagnosticBag();

        // When
        var root = Assert.IsType<YMapping>(DocumentLoader.Load(File, bytes, DocumentLimits.Plan, diagnostics));

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal("key", root.Entries[0].Key.Value);
        Assert.Equal((1, 6), (root["key"]!.Line, root["key"]!.Column));
    }

    [Theory]
    [InlineData("{\"a\": 1, \"a\": 2}", DiagnosticCodes.DuplicateKey, 1, 10)]
    [InlineData("a: 1\na: 2\n", DiagnosticCodes.DuplicateKey, 2, 1)]
    [InlineData("a: 1\n---\nb: 2\n", DiagnosticCodes.MultipleDocuments, 2, 1)]
    [InlineData("a: !include x.yaml\n", DiagnosticCodes.InvalidYaml, 1, 4)]
    [InlineData("a: !!set {x: null}\n", DiagnosticCodes.InvalidYaml, 1, 4)]
    [InlineData("a: *nowhere\n", DiagnosticCodes.InvalidYaml, 1, 4)]
    [InlineData("a: [1, 2\nb: 3\n", DiagnosticCodes.InvalidYaml, 1, 4)]
    [InlineData("a:\n\tb: 1\n", DiagnosticCodes.InvalidYaml, 2, 1)]
    [InlineData("", DiagnosticCodes.EmptyFile, 0, 0)]
    [InlineData("# only a comment\n\n", DiagnosticCodes.EmptyFile, 0, 0)]
    public void Load_BrokenDocument_ReportsOneErrorAtItsPosition(string text, string code, int line, int column)
    {
        // Given
        var diagnostics = new DiagnosticBag();

        // When
        var root = DocumentLoader.Load(File, Encoding.UTF8.GetBytes(text), DocumentLimits.Plan, diagnostics);

        // Then
        Assert.Null(root);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(code, error.Code);
        Assert.Equal(new SourceLocation(File, line, column), error.Location);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void Load_InvalidUtf8_PointsAtTheFirstBadByte()
    {
        // Given: 'é' in Latin-1 on line 2, after two characters
        byte[] bytes = [.. "a: 1\nb: "u8, 0xE9, .. "\n"u8];
        var diagnostics = new DiagnosticBag();

        // When
        var root = DocumentLoader.Load(File, bytes, DocumentLimits.Plan, diagnostics);

        // Then
        Assert.Null(root);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.NotText, error.Code);
        Assert.Equal(new SourceLocation(File, 2, 4), error.Location);
        Assert.Contains("0xE9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00 }, "binary")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00 }, "UTF-16")]
    public void Load_NotText_SaysWhatItIs(byte[] bytes, string what)
    {
        // Given a zip header or UTF-16 text

        // When
        var diagnostics = new DiagnosticBag();
        var root = DocumentLoader.Load(File, bytes, DocumentLimits.Plan, diagnostics);

        // Then
        Assert.Null(root);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.NotText, error.Code);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OverTheSizeLimit_IsRefusedBeforeParsing()
    {
        // Given a limit of 16 bytes and a 17-byte file (which is not even valid YAML)
        var limits = new DocumentLimits(16, 64, 100);
        var bytes = Encoding.UTF8.GetBytes("a: [1, 2, 3, 4, 5");

        // When
        var diagnostics = new DiagnosticBag();
        var root = DocumentLoader.Load(File, bytes, limits, diagnostics);

        // Then
        Assert.Null(root);
        Assert.Equal(DiagnosticCodes.FileTooLarge, Assert.Single(diagnostics.Items).Code);
    }

    [Theory]
    [InlineData("a: [[[[1]]]]\n", 1, 7)]
    [InlineData("a:\n- - - - 1\n", 2, 7)]
    [InlineData("{\"a\": [[[[1]]]]}", 1, 10)]
    public void Load_DeeperThanTheLimit_IsRefusedAtTheFirstLevelTooMany(string text, int line, int column)
    {
        // Given a depth limit of 4 and five nested collections (a mapping and four lists), in YAML and in JSON
        var limits = new DocumentLimits(1 << 20, 4, 100);

        // When
        var diagnostics = new DiagnosticBag();
        var root = DocumentLoader.Load(File, Encoding.UTF8.GetBytes(text), limits, diagnostics);

        // Then
        Assert.Null(root);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.TooDeep, error.Code);
        Assert.Equal(new SourceLocation(File, line, column), error.Location);
    }

    [Theory]
    [InlineData("a: [[[1]]]\n")]
    [InlineData("a:\n- - - 1\n")]
    [InlineData("{\"a\": [[[1]]]}")]
    public void Load_AtTheDepthLimit_IsAccepted(string text)
    {
        // Given a depth limit of 4 and exactly four nested collections, in YAML and in JSON (the fast path)
        var limits = new DocumentLimits(1 << 20, 4, 100);

        // When
        var diagnostics = new DiagnosticBag();
        var root = DocumentLoader.Load(File, Encoding.UTF8.GetBytes(text), limits, diagnostics);

        // Then
        Assert.NotNull(root);
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void Load_AliasesBeyondTheLimit_AreRefused()
    {
        // Given an anchor of 4 nodes repeated 3 times (12 aliased nodes) against a limit of 10
        const string yaml = "a: &x [1, 2, 3]\nb: [*x, *x, *x]\n";
        var limits = new DocumentLimits(1 << 20, 64, 10);

        // When
        var diagnostics = new DiagnosticBag();
        var root = DocumentLoader.Load(File, Encoding.UTF8.GetBytes(yaml), limits, diagnostics);

        // Then
        Assert.Null(root);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.TooManyAliases, error.Code);
        Assert.Equal(new SourceLocation(File, 2, 13), error.Location);
    }

    [Fact]
    public void Load_AliasesWithinTheLimit_RepeatTheAnchoredNode()
    {
        // Given
        const string yaml = "a: &x [1, 2]\nb: *x\n";

        // When
        var diagnostics = new DiagnosticBag();
        var root = Assert.IsType<YMapping>(DocumentLoader.Load(File, Encoding.UTF8.GetBytes(yaml), DocumentLimits.Plan, diagnostics));

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Same(root["a"], root["b"]);
    }

    public static TheoryData<string> ExamplePlans()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "plans"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExamplePlans))]
    public void Load_EveryTruncationOrLineDeletionOfAPlan_ReportsInsteadOfThrowing(string plan)
    {
        // Given every prefix of a real plan, and the plan with each line removed
        var text = System.IO.File.ReadAllText(Path.Combine(RepositoryPaths.Root, "plans", plan));
        var lines = text.Split('\n');
        var variants = Enumerable.Range(0, text.Length).Select(n => text[..n])
            .Concat(Enumerable.Range(0, lines.Length).Select(i => string.Join('\n', lines.Where((_, j) => j != i))));

        // When
        var failures = new List<string>();
        foreach (var variant in variants)
        {
            var diagnostics = new DiagnosticBag();
            var exception = Record.Exception(() => DocumentLoader.Load(File, Encoding.UTF8.GetBytes(variant), DocumentLimits.Plan, diagnostics));
            if (exception is not null)
            {
                failures.Add($"{exception.GetType().Name} for input ending '...{variant[Math.Max(0, variant.Length - 40)..]}'");
            }
        }

        // Then
        Assert.Empty(failures);
    }
}
