// Shared by #load: the incident log the seeds keep with `echo ... | tee -a /tmp/incident.log`.

/// <summary>Appends a timestamped line to the incident log and echoes it, as `tee -a` did.</summary>
void AppendIncidentLog(string path, string line)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    var stamped = $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'} {line}";
    File.AppendAllText(path, stamped + Environment.NewLine);
    Log(stamped);
}
