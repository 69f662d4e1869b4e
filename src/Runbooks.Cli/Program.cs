using Runbooks.Cli.Hosting;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
