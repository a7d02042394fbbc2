using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace ExecToolkit.Generators.Tests;

/// <summary>
/// The generator against the conformance matrix of tests/oracle/matrix (recorded from Kamailio 5.6.3): every expression
/// that Kamailio and the runtime's parser accept becomes one <c>[ExecCmd(..., Mode = Verbatim)]</c> method of a single
/// compilation, and on every request Kamailio routes, the generated command equals the runtime interpreter's expansion
/// (which tests/ExecToolkit.Tests/Oracle/MatrixTests.cs compares with Kamailio). The expressions the parser refuses
/// are refused by the generator with an EXEC000x error.
/// </summary>
public class MatrixGeneratorTests
{
    private const string ClassName = "MatrixMethods";

    private static readonly IPEndPoint Local = new(IPAddress.Loopback, 5080);
    private static readonly IPEndPoint SourceEndPoint = new(IPAddress.Loopback, 5081);

    private static readonly Lazy<string> Folder = new(() => Path.Combine(TestData.Root, "tests", "oracle", "matrix"));
    private static readonly Lazy<IReadOnlyList<(string Text, bool Kamailio, bool Parser)>> ExpressionList = new(LoadExpressions);
    private static readonly Lazy<IReadOnlyDictionary<string, (bool Routed, byte[] Message)>> RequestTable = new(LoadRequests);
    private static readonly Lazy<Generated> Accepted = new(BuildAccepted);
    private static readonly Lazy<IReadOnlyList<(string Text, bool Parser, Diagnostic[] Errors)>> Refused = new(BuildRefused);

    static MatrixGeneratorTests() => Environment.SetEnvironmentVariable("EXEC_MATRIX_ENV", "matrix env value");

    /// <summary>Every expression with Kamailio's start-up verdict and whether <see cref="CommandTemplate.Parse"/> accepts it.</summary>
    private static IReadOnlyList<(string Text, bool Kamailio, bool Parser)> Expressions => ExpressionList.Value;

    public static TheoryData<string> RoutedRequests()
    {
        var data = new TheoryData<string>();
        foreach (var (name, request) in RequestTable.Value.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (request.Routed)
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Fact]
    public void The_matrix_is_there_and_large()
    {
        Assert.True(Expressions.Count(e => e.Kamailio && e.Parser) >= 200, "expressions: " + Expressions.Count);
        Assert.True(RequestTable.Value.Count(r => r.Value.Routed) >= 150, "routed requests: " + RequestTable.Value.Count);
        Assert.Contains(Expressions, e => !e.Kamailio && !e.Parser);
    }

    [Fact]
    public void Every_expression_both_accept_generates_without_diagnostics_and_compiles()
    {
        Generated g = Accepted.Value;
        Assert.True(g.GeneratorDiagnostics.Length == 0, "generator diagnostics:\n" + string.Join("\n", g.GeneratorDiagnostics.Select(d => Describe(d, g.Expressions))));
        string[] missing = g.Expressions.Where((_, i) => g.Accessors[i] is null).ToArray();
        Assert.True(missing.Length == 0, "no generated <Method>Command accessor for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_expression_the_parser_refuses_is_a_generator_error()
    {
        var problems = new List<string>();
        foreach (var (text, parser, errors) in Refused.Value)
        {
            bool kamailio = Expressions.Single(e => e.Text == text).Kamailio;
            if (parser && errors.Length > 0)
            {
                problems.Add($"{text}: the parser accepts it (Kamailio {(kamailio ? "accepts" : "refuses")}), the generator reports {string.Join("; ", errors.Select(e => e.Id + " " + e.GetMessage(CultureInfo.InvariantCulture)))}");
            }
            else if (!parser && errors.Length == 0)
            {
                problems.Add($"{text}: the parser refuses it (Kamailio {(kamailio ? "accepts" : "refuses")}), the generator reports no EXEC000x error");
            }
        }

        Assert.True(problems.Count == 0, problems.Count + " difference(s):\n" + string.Join("\n", problems));

        // Every expression Kamailio refuses at start-up that the parser refuses too is among them.
        Assert.All(Expressions.Where(e => !e.Kamailio && !e.Parser), e => Assert.Contains(Refused.Value, r => r.Text == e.Text && r.Errors.Length > 0));
    }

    [Theory]
    [MemberData(nameof(RoutedRequests))]
    public void Generated_commands_equal_the_interpreter_s_expansion(string name)
    {
        byte[] message = RequestTable.Value[name].Message;
        RequestContext context;
        try
        {
            context = Context(message);
        }
        catch (ExecToolkit.Sip.SipParseException)
        {
            return; // the runtime does not route it: MatrixTests counts that difference with Kamailio
        }

        RequestContext interpreted = Context(message);
        Generated g = Accepted.Value;
        var mismatches = new List<string>();
        for (int i = 0; i < g.Expressions.Count; i++)
        {
            string text = g.Expressions[i];
            Func<RequestContext, string>? accessor = g.Accessors[i];
            string expected = Outcome(() => CommandTemplate.Parse(text).Expand(interpreted, ExpansionMode.Verbatim));
            string actual = accessor is null ? "(no generated accessor)" : Outcome(() => accessor(context));
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                mismatches.Add($"{text}\n    interpreter {JsonSerializer.Serialize(expected)}\n    generated   {JsonSerializer.Serialize(actual)}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{name}: {mismatches.Count} expression(s) differ\n" + string.Join("\n", mismatches));
    }

    private static RequestContext Context(byte[] message)
        => RequestContext.Parse(message, ExecToolkit.Sip.SipParseMode.Lenient, SourceEndPoint, "udp", Local);

    private static string Outcome(Func<string> expand)
    {
        try
        {
            return "ok:" + expand();
        }
#pragma warning disable CA1031 // any exception is an outcome to compare
        catch (Exception e)
#pragma warning restore CA1031
        {
            return "throws:" + e.GetType().Name + ": " + e.Message;
        }
    }

    private static string MethodName(int index) => "M" + index.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>One partial class, one attributed method per expression, one per line (line i + 1 holds expression i).</summary>
    private static string Source(List<string> expressions)
    {
        var sb = new StringBuilder();
        sb.Append("using System.Threading.Tasks; using ExecToolkit; namespace Matrix; public static partial class ").Append(ClassName).Append(" {\n");
        for (int i = 0; i < expressions.Count; i++)
        {
            sb.Append("[ExecCmd(@\"").Append(expressions[i].Replace("\"", "\"\"", StringComparison.Ordinal))
                .Append("\", Mode = ExpansionMode.Verbatim)] public static partial ValueTask<ExecResult> ").Append(MethodName(i))
                .Append("(SipExec exec, RequestContext request);\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private static Generated BuildAccepted()
    {
        List<string> expressions = Expressions.Where(e => e.Kamailio && e.Parser).Select(e => e.Text).ToList();
        var (output, diagnostics, _) = GeneratorHarness.Run(Source(expressions));
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("the generated code does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(50)));
        }

        Type type = Assembly.Load(stream.ToArray()).GetType("Matrix." + ClassName, throwOnError: true)!;
        var accessors = new List<Func<RequestContext, string>?>();
        for (int i = 0; i < expressions.Count; i++)
        {
            MethodInfo? accessor = type.GetMethod(MethodName(i) + "Command", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
            accessors.Add(accessor?.CreateDelegate<Func<RequestContext, string>>());
        }

        return new Generated(expressions, diagnostics, accessors);
    }

    private static List<(string, bool, Diagnostic[])> BuildRefused()
    {
        List<(string Text, bool Parser)> expressions = Expressions.Where(e => !(e.Kamailio && e.Parser)).Select(e => (e.Text, e.Parser)).ToList();
        var (_, diagnostics, _) = GeneratorHarness.Run(Source(expressions.Select(e => e.Text).ToList()));
        var byLine = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("EXEC000", StringComparison.Ordinal))
            .ToLookup(d => d.Location.GetLineSpan().StartLinePosition.Line);
        return expressions.Select((e, i) => (e.Text, e.Parser, byLine[i + 1].ToArray())).ToList();
    }

    private static string Describe(Diagnostic d, IReadOnlyList<string> expressions)
    {
        int line = d.Location.GetLineSpan().StartLinePosition.Line;
        string expression = line >= 1 && line <= expressions.Count ? expressions[line - 1] : "?";
        return expression + ": " + d;
    }

    private static List<(string, bool, bool)> LoadExpressions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder.Value, "expected", "expressions.json")));
        var list = new List<(string, bool, bool)>();
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
        {
            string text = e.GetProperty("expression").GetString()!;
            bool parser;
            try
            {
                CommandTemplate.Parse(text);
                parser = true;
            }
            catch (ExecToolkit.Templates.TemplateParseException)
            {
                parser = false;
            }

            list.Add((text, e.GetProperty("accepted").GetBoolean(), parser));
        }

        return list;
    }

    private static Dictionary<string, (bool, byte[])> LoadRequests()
    {
        var corpus = new Dictionary<string, string>(StringComparer.Ordinal);
        string cases = TestData.OracleCorpus;
        foreach (string file in Directory.GetFiles(cases, "*.sip"))
        {
            corpus.Add(Path.GetFileNameWithoutExtension(file), file);
        }

        foreach (string dir in Directory.GetDirectories(cases))
        {
            corpus.Add(Path.GetFileName(dir), Directory.GetFiles(dir, "*.sip").Single());
        }

        foreach (string file in Directory.GetFiles(Path.Combine(Folder.Value, "corpus"), "*.sip"))
        {
            corpus.Add(Path.GetFileNameWithoutExtension(file), file);
        }

        var requests = new Dictionary<string, (bool, byte[])>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(Path.Combine(Folder.Value, "expected", "requests"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            string name = doc.RootElement.GetProperty("request").GetString()!;
            requests.Add(name, (doc.RootElement.GetProperty("routed").GetBoolean(), File.ReadAllBytes(corpus[name])));
        }

        return requests;
    }

    private sealed record Generated(IReadOnlyList<string> Expressions, ImmutableArray<Diagnostic> GeneratorDiagnostics, IReadOnlyList<Func<RequestContext, string>?> Accessors);
}
