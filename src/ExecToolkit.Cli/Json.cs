using System.Text.Json;

namespace ExecToolkit.Cli;

/// <summary>How every <c>--json</c> document is written: indented, non-ASCII as is.</summary>
internal static class Json
{
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
