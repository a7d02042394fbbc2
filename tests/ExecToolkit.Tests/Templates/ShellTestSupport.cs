using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Templates;

internal static class ShellTestSupport
{
    public const string Marker = "<ph>";

    /// <summary>Splits a template written with <c>&lt;ph&gt;</c> markers into segments.</summary>
    public static List<ShellSegment> Segments(string template)
    {
        var list = new List<ShellSegment>();
        int start = 0;
        while (true)
        {
            int at = template.IndexOf(Marker, start, StringComparison.Ordinal);
            if (at < 0)
            {
                if (start < template.Length)
                {
                    list.Add(ShellSegment.Text(template.Substring(start)));
                }

                return list;
            }

            if (at > start)
            {
                list.Add(ShellSegment.Text(template.Substring(start, at - start)));
            }

            list.Add(ShellSegment.Placeholder());
            start = at + Marker.Length;
        }
    }

    public static IReadOnlyList<ShellContext> Contexts(string template) => ShellScanner.Scan(Segments(template));

    public static ShellContext Single(string template)
    {
        var contexts = Contexts(template);
        Assert.Single(contexts);
        return contexts[0];
    }

    /// <summary>Expands every placeholder of the template with <paramref name="value"/>, escaped for its context.</summary>
    public static string Expand(string template, string value)
    {
        var segments = Segments(template);
        var contexts = ShellScanner.Scan(segments);
        var sb = new StringBuilder();
        int index = 0;
        foreach (var segment in segments)
        {
            if (segment.IsPlaceholder)
            {
                ShellEscaper.Append(sb, value, contexts[index++]);
            }
            else
            {
                sb.Append(segment.LiteralText);
            }
        }

        return sb.ToString();
    }

    /// <summary>Runs a script with /bin/sh (script on stdin), returns stdout bytes, stderr and the exit code.</summary>
    public static (byte[] Output, string Error, int ExitCode) RunShell(string script, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start)!;
        var errorTask = process.StandardError.ReadToEndAsync();
        var outputStream = new MemoryStream();
        var outputTask = process.StandardOutput.BaseStream.CopyToAsync(outputStream);
        var bytes = new UTF8Encoding(false, true).GetBytes(script);
        process.StandardInput.BaseStream.Write(bytes, 0, bytes.Length);
        process.StandardInput.Close();
        outputTask.Wait();
        process.WaitForExit();
        return (outputStream.ToArray(), errorTask.Result, process.ExitCode);
    }

    /// <summary>Splits shell output on NUL bytes, decoding each field as UTF-8 (the last, unterminated field is dropped).</summary>
    public static List<string> SplitNul(byte[] output)
    {
        var fields = new List<string>();
        var decoder = new UTF8Encoding(false, true);
        int start = 0;
        for (int i = 0; i < output.Length; i++)
        {
            if (output[i] == 0)
            {
                fields.Add(decoder.GetString(output, start, i - start));
                start = i + 1;
            }
        }

        return fields;
    }
}
