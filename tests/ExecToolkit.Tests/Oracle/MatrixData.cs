using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using ExecToolkit.Sip;

namespace ExecToolkit.Tests.Oracle;

/// <summary>
/// The pseudo-variable conformance matrix recorded from Kamailio by tests/oracle/matrix/record.py: which expressions
/// Kamailio accepts at start-up, which requests it routes, their SIP_* block and what every expression prints.
/// When the environment variable EXEC_MATRIX_DIR is set (tests/oracle/matrix/fuzz.py sets it), the corpus is
/// $EXEC_MATRIX_DIR/corpus/*.sip and the recordings are $EXEC_MATRIX_DIR/expected/ (record.py --corpus --expected).
/// </summary>
public static class MatrixData
{
    /// <summary>Where record.py's Kamailio listened and where the requests came from.</summary>
    public static readonly IPEndPoint Local = new(IPAddress.Loopback, 5080);
    public static readonly IPEndPoint Source = new(IPAddress.Loopback, 5081);

    /// <summary>The value record.py gives Kamailio's own environment variable EXEC_MATRIX_ENV.</summary>
    public const string EnvironmentValue = "matrix env value";

    private static readonly Lazy<string> Folder = new(() => Path.GetFullPath(Path.Combine(OracleData.Directory, "..", "matrix")));
    private static readonly Lazy<IReadOnlyList<MatrixExpression>> ExpressionList = new(LoadExpressions);
    private static readonly Lazy<IReadOnlyDictionary<string, MatrixRequest>> RequestTable = new(LoadRequests);

    public static string Directory => Folder.Value;

    /// <summary>EXEC_MATRIX_DIR: a corpus/ and expected/ recorded outside the repository, or null for the repository's.</summary>
    public static string? OverrideDirectory { get; } =
        Environment.GetEnvironmentVariable("EXEC_MATRIX_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;

    /// <summary>The folder of expressions.json and requests/*.json.</summary>
    public static string ExpectedDirectory => Path.Combine(OverrideDirectory ?? Directory, "expected");

    public static IReadOnlyList<MatrixExpression> Expressions => ExpressionList.Value;

    public static IReadOnlyDictionary<string, MatrixRequest> Requests => RequestTable.Value;

    public static IEnumerable<object[]> RequestNames() => Requests.Keys.Order(StringComparer.Ordinal).Select(n => new object[] { n });

    public static IEnumerable<object[]> ExpressionTexts() => Expressions.Select(e => new object[] { e.Text });

    /// <summary>The exact bytes of a recorded value: a JSON string holds UTF-8 text, {"hex": ...} any other bytes.</summary>
    public static byte[] Bytes(JsonElement value)
        => value.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(value.GetString()!)
            : Convert.FromHexString(value.GetProperty("hex").GetString()!);

    public static string Show(byte[] bytes) => JsonSerializer.Serialize(SipText.Decode(bytes));

    private static List<MatrixExpression> LoadExpressions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ExpectedDirectory, "expressions.json")));
        return doc.RootElement.EnumerateArray()
            .Select(e => new MatrixExpression(e.GetProperty("expression").GetString()!, e.GetProperty("accepted").GetBoolean()))
            .ToList();
    }

    private static Dictionary<string, MatrixRequest> LoadRequests()
    {
        var corpus = new Dictionary<string, string>(StringComparer.Ordinal);
        if (OverrideDirectory is not null)
        {
            foreach (string file in System.IO.Directory.GetFiles(Path.Combine(OverrideDirectory, "corpus"), "*.sip"))
            {
                corpus.Add(Path.GetFileNameWithoutExtension(file), file);
            }

            return Load(corpus);
        }

        string cases = Path.Combine(OracleData.Directory, "corpus");
        foreach (string file in System.IO.Directory.GetFiles(cases, "*.sip"))
        {
            corpus.Add(Path.GetFileNameWithoutExtension(file), file);
        }

        foreach (string dir in System.IO.Directory.GetDirectories(cases))
        {
            corpus.Add(Path.GetFileName(dir), System.IO.Directory.GetFiles(dir, "*.sip").Single());
        }

        string own = Path.Combine(Directory, "corpus");
        if (System.IO.Directory.Exists(own))
        {
            foreach (string file in System.IO.Directory.GetFiles(own, "*.sip"))
            {
                corpus.Add(Path.GetFileNameWithoutExtension(file), file);
            }
        }

        return Load(corpus);
    }

    private static Dictionary<string, MatrixRequest> Load(Dictionary<string, string> corpus)
    {
        var requests = new Dictionary<string, MatrixRequest>(StringComparer.Ordinal);
        foreach (string file in System.IO.Directory.GetFiles(Path.Combine(ExpectedDirectory, "requests"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            string name = doc.RootElement.GetProperty("request").GetString()!;
            requests.Add(name, new MatrixRequest(name, File.ReadAllBytes(corpus[name]), doc.RootElement.Clone()));
        }

        // Every corpus request has its recording, so a request added without re-recording fails here.
        Assert.Equal(corpus.Keys.Order(StringComparer.Ordinal), requests.Keys.Order(StringComparer.Ordinal));
        return requests;
    }
}

public sealed record MatrixExpression(string Text, bool AcceptedByKamailio)
{
    public override string ToString() => Text;
}

public sealed class MatrixRequest(string name, byte[] message, JsonElement recorded)
{
    public string Name { get; } = name;

    public byte[] Message { get; } = message;

    public JsonElement Recorded { get; } = recorded;

    public bool Routed => Recorded.GetProperty("routed").GetBoolean();

    public int ExecMsgReturnCode => Recorded.GetProperty("exec_msg_rc").GetInt32();

    /// <summary>The SIP_* entries of the block in order, each as the bytes of NAME=value.</summary>
    public IReadOnlyList<byte[]> SipEnvironment => Recorded.GetProperty("sip_env").EnumerateArray().Select(MatrixData.Bytes).ToList();

    /// <summary>What Kamailio printed for an expression; null when printing failed and the command did not run.</summary>
    public byte[]? Value(string expression)
    {
        JsonElement v = Recorded.GetProperty("values").GetProperty(expression);
        return v.ValueKind == JsonValueKind.Null ? null : MatrixData.Bytes(v);
    }

    public RequestContext CreateContext()
        => RequestContext.Parse(Message, SipParseMode.Lenient, MatrixData.Source, "udp", MatrixData.Local);

    /// <summary>The context, or null when the request does not parse (the routing test says whether it should).</summary>
    public RequestContext? TryCreateContext()
    {
        try
        {
            return CreateContext();
        }
        catch (SipParseException)
        {
            return null;
        }
    }

    public override string ToString() => Name;
}
