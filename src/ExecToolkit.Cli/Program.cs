using System;
using System.IO;

namespace ExecToolkit.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        using Stream stdout = Console.OpenStandardOutput();
        return Commands.Run(args, Console.OpenStandardInput(), stdout, Console.Error);
    }
}
