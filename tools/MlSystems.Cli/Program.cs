using MlSystems.Cli;

return await MlsysCommand.RunAsync(args, Console.Out, Console.Error, TimeProvider.System).ConfigureAwait(false);
