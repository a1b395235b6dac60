using Slagboom.Cli;

// `slagboom <command>`: the operator's tool on the server. Each command calls Core; none repeats it.
return await CliApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariables()
    .Cast<System.Collections.DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value));
