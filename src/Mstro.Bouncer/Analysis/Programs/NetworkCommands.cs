namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Network clients: which hosts they contact, which local files or environment they send (Upload), what
/// they write, and raw sockets (nc, socat, telnet) that make reverse shells.</summary>
internal static class NetworkCommands
{
    private static readonly OptionSpec Curl = new("AbcCdDeEFHKmoPQrTtuUwxXyYz",
        "data", "data-raw", "data-binary", "data-ascii", "data-urlencode", "json", "form", "form-string", "header",
        "output", "upload-file", "user", "user-agent", "referer", "cookie", "cookie-jar", "config", "request", "proxy",
        "write-out", "max-time", "connect-timeout", "retry", "retry-delay", "retry-max-time", "url", "resolve",
        "connect-to", "cacert", "capath", "cert", "key", "key-type", "cert-type", "pass", "range", "dump-header",
        "interface", "local-port", "limit-rate", "max-filesize", "max-redirs", "oauth2-bearer", "proxy-user", "socks5",
        "socks5-hostname", "socks4", "socks4a", "preproxy", "netrc-file", "output-dir", "variable", "mail-from",
        "mail-rcpt", "aws-sigv4", "stderr", "trace", "trace-ascii", "ciphers", "unix-socket", "abstract-unix-socket",
        "keepalive-time", "parallel-max", "rate", "request-target", "telnet-option", "time-cond", "url-query", "hsts",
        "alt-svc", "dns-servers", "doh-url", "proxy-header", "expect100-timeout", "continue-at", "quote", "ftp-port");
    private static readonly OptionSpec Wget = new("OoaPiUeTtwQlDAIXRBYh",
        "output-document", "output-file", "append-output", "directory-prefix", "input-file", "user-agent", "execute",
        "timeout", "tries", "wait", "quota", "level", "domains", "accept", "reject", "include-directories",
        "exclude-directories", "base", "header", "post-data", "post-file", "body-data", "body-file", "method", "user",
        "password", "http-user", "http-password", "load-cookies", "save-cookies", "ca-certificate", "certificate",
        "private-key", "bind-address", "referer", "limit-rate", "waitretry", "dns-timeout", "connect-timeout", "read-timeout");
    private static readonly OptionSpec Netcat = new("pswiIOqTXxVgGmPec",
        "exec", "sh-exec", "lua-exec", "source", "source-port", "wait", "proxy", "proxy-type", "proxy-auth", "output",
        "hex-dump", "idle-timeout", "max-conns", "allow", "allowfile", "deny", "denyfile");
    private static readonly OptionSpec Ssh = new("BbcDEeFIiJLlmOopQRSWw");
    private static readonly OptionSpec Scp = new("cFiJloPSDX");
    private static readonly OptionSpec Rsync = new("eBfTM",
        "rsh", "rsync-path", "exclude", "include", "exclude-from", "include-from", "files-from", "filter", "password-file",
        "log-file", "temp-dir", "partial-dir", "backup-dir", "suffix", "chmod", "chown", "usermap", "groupmap", "timeout",
        "contimeout", "port", "bwlimit", "max-size", "min-size", "compare-dest", "copy-dest", "link-dest", "out-format",
        "info", "debug", "sockopts", "outbuf", "iconv", "checksum-choice", "compress-choice", "compress-level",
        "max-delete", "modify-window", "block-size", "address", "log-file-format", "write-batch", "read-batch", "protocol");
    private static readonly OptionSpec Aria2 = new("dioxsjU", "dir", "input-file", "out", "max-connection-per-server", "split", "max-concurrent-downloads", "user-agent");

    public static void Register(ProgramTable table)
    {
        table["curl"] = CurlHandler;
        table["wget"] = WgetHandler;
        table["wget2"] = WgetHandler;
        table["fetch"] = Fetch;
        table["aria2c"] = Aria2c;
        foreach (var name in new[] { "http", "https", "xh", "xhs", "httpie" }) table[name] = Httpie;
        table["nc"] = NetcatHandler;
        table["socat"] = Socat;
        table["telnet"] = Telnet;
        table["ztcp"] = Ztcp;
        table["ssh"] = SshHandler;
        table["scp"] = ScpHandler;
        table["sftp"] = c => HostFirst(c, new OptionSpec("BbcDFiJlOoPRsS"), upload: true);
        foreach (var name in new[] { "ftp", "tftp", "lftp", "smbclient", "ncftp" }) table[name] = c => HostFirst(c, new OptionSpec("pPuUcef"), upload: true);
        table["rsync"] = RsyncHandler;
        foreach (var name in new[] { "ping", "ping6", "dig", "nslookup", "host", "traceroute", "traceroute6", "mtr", "whois",
                     "nmap", "nping", "arping", "drill", "tracepath" })
            table[name] = Lookup;
    }

    /// <summary>Records a URL contacted (Detail: the URL, so rules can see its port: mstro's own API is a loopback
    /// host on mstro's port).</summary>
    internal static string? Contact(CommandContext c, string url)
    {
        var host = NetworkAddress.HostOf(url);
        if (host is null) return null;
        c.Add(EffectKind.Network, host: host, detail: url);
        return host;
    }

    private static string HostPort(string host, string port) =>
        host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]:" + port : host + ":" + port;

    /// <summary>A host name with an expansion as one of its labels (<c>$(whoami).x.oast.example</c>,
    /// <c>$(base64 &lt; ~/.aws/credentials).evil.example</c>): resolving it sends the value to that domain's name server
    /// (DNS exfiltration), before any connection is made. The file a substitution read is what leaks; otherwise what
    /// leaks is data about the user, the machine or its environment.</summary>
    internal static void LeakThroughHostName(CommandContext c, in Arg arg)
    {
        if ((arg.Flags & ArgFlags.HostLabel) == 0) return;
        var domain = LeakedDomain(arg.Known);
        if (arg.Source is { Kind: SourceKind.File, Path: { } path } file)
            c.Add(EffectKind.Upload, path: path, host: domain, detail: "file", flags: file.Tree ? EffectFlags.Recursive : EffectFlags.None);
        else c.Add(EffectKind.Upload, host: domain, detail: "environment");
    }

    /// <summary>The host name as far as it is known (unknown labels left out): <c>$(…).x.oast.example</c> → <c>x.oast.example</c>.</summary>
    private static string? LeakedDomain(string known)
    {
        var text = known.AsSpan();
        var scheme = text.IndexOf("://");
        if (scheme >= 0) text = text[(scheme + 3)..];
        var end = text.IndexOfAny('/', ':', '?');
        if (end >= 0) text = text[..end];
        var at = text.LastIndexOf('@');
        if (at >= 0) text = text[(at + 1)..];
        var labels = text.ToString().Split('.', StringSplitOptions.RemoveEmptyEntries);
        return labels.Length == 0 ? null : string.Join('.', labels).ToLowerInvariant();
    }

    /// <summary>Data read from stdin and sent: the environment, a file, or whatever flows in.</summary>
    private static void UploadStdin(CommandContext c, string? host)
    {
        switch (c.Stdin.Kind)
        {
            case SourceKind.None:
                return;
            case SourceKind.Environment:
                c.Add(EffectKind.Upload, host: host, detail: "environment");
                return;
            case SourceKind.File:
                c.Add(EffectKind.Upload, path: c.Stdin.Path, host: host, detail: "file",
                    flags: c.Stdin.Tree ? EffectFlags.Recursive : EffectFlags.None);
                return;
            default:
                c.Add(EffectKind.Upload, host: host, detail: "stdin");
                return;
        }
    }

    /// <summary><c>-d "$(cat ~/.aws/credentials)"</c>, <c>?k=$(env | base64)</c>: substituted content sent away.</summary>
    private static void UploadSubstitutions(CommandContext c, string? host)
    {
        foreach (var arg in c.Args.AsSpan(1))
        {
            switch (arg.Source)
            {
                case { Kind: SourceKind.Environment }:
                    c.Add(EffectKind.Upload, host: host, detail: "environment");
                    break;
                case { Kind: SourceKind.File } file:
                    c.Add(EffectKind.Upload, path: file.Path, host: host, detail: "file");
                    break;
            }
        }
    }

    private static void UploadFile(CommandContext c, string? host, in Arg file, EffectFlags flags = EffectFlags.None)
    {
        var path = c.PathOf(file);
        if (path.Path is not null) c.AddAbsolute(EffectKind.Read, path.Path, path.Flags | flags);
        c.Add(EffectKind.Upload, path: path.Path, host: host, detail: "file", flags: path.Flags | flags);
    }

    /// <summary>curl: URLs, uploads (-F f=@file, -d @file, -T file, @- from stdin), output files.</summary>
    private static void CurlHandler(CommandContext c)
    {
        c.PathsHandled = true;
        var urls = new List<string>();
        var uploads = new List<Arg>();
        var saved = new List<string?>();
        var stdinUpload = false;
        var output = false;
        var remoteName = false;
        var reader = new OptionReader(c.Args, 1, Curl);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand)
            {
                urls.Add(operand.Value);
                LeakThroughHostName(c, operand);
                continue;
            }
            if (option.Is('O') || option.Is("remote-name") || option.Is("remote-name-all")) remoteName = true;
            if (option.Value is not { } value) continue;
            var text = value.Value;
            switch (option.Kind == OptionKind.Short ? option.Short.ToString() : option.Long)
            {
                case "url":
                    urls.Add(text);
                    LeakThroughHostName(c, value);
                    break;
                case "d" or "data" or "data-binary" or "data-ascii" or "json":
                    if (text.StartsWith('@')) AddUpload(FileCommands.Suffix(value, 1));
                    break;
                case "data-urlencode":
                {
                    var at = text.IndexOf('@', StringComparison.Ordinal);
                    var equals = text.IndexOf('=', StringComparison.Ordinal);
                    if (at >= 0 && (equals < 0 || at < equals)) AddUpload(FileCommands.Suffix(value, at + 1));
                    break;
                }
                case "F" or "form":
                {
                    var equals = text.IndexOf('=', StringComparison.Ordinal);
                    if (equals >= 0 && equals + 1 < text.Length && text[equals + 1] is '@' or '<')
                    {
                        var file = FileCommands.Suffix(value, equals + 2);
                        var semicolon = file.Value.IndexOf(';', StringComparison.Ordinal);
                        AddUpload(semicolon > 0 && !file.IsUnresolved ? Arg.Unquoted(file.Value[..semicolon]) : file);
                    }
                    break;
                }
                case "T" or "upload-file":
                    AddUpload(value);
                    break;
                case "K" or "config":
                    c.AddPath(EffectKind.Read, value);
                    break;
                case "o" or "output":
                    if (text != "-")
                    {
                        c.Analysis.WriteTo(c.Invocation, value, c.State, c.Scope, false);
                        saved.Add(c.PathOf(value).Path);
                        output = true;
                    }
                    break;
                case "output-dir":
                    c.AddPath(EffectKind.Write, value, EffectFlags.Glob);
                    break;
            }
        }

        string? host = null;
        foreach (var url in urls)
        {
            var contacted = Contact(c, url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url);
            host ??= contacted;
            if (remoteName)
            {
                var name = PathText.BaseName(NetworkAddress.PathOf(url));
                if (name.Length > 0 && name != "/")
                {
                    c.AddAbsolute(EffectKind.Write, c.Cwd + "/" + name);
                    saved.Add(PathText.Absolute(c.Cwd, name));
                }
                output = true;
            }
        }
        foreach (var file in saved) c.Analysis.NoteDownloaded(file, host);
        foreach (var upload in uploads) UploadFile(c, host, upload);
        if (stdinUpload) UploadStdin(c, host);
        UploadSubstitutions(c, host);
        c.Output = output ? DataSource.None : new DataSource(SourceKind.Download, Host: host);

        void AddUpload(Arg file)
        {
            if (file.Value is "-" or ".") stdinUpload = true;
            else uploads.Add(file);
        }
    }

    private static void WgetHandler(CommandContext c)
    {
        c.PathsHandled = true;
        var urls = new List<string>();
        Arg? document = null;
        Arg? prefix = null;
        var uploads = new List<Arg>();
        var reader = new OptionReader(c.Args, 1, Wget);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand)
            {
                urls.Add(operand.Value);
                LeakThroughHostName(c, operand);
                continue;
            }
            if (option.Value is not { } value) continue;
            if (option.Is('O') || option.Is("output-document")) document = value;
            else if (option.Is('P') || option.Is("directory-prefix")) prefix = value;
            else if (option.Is('o') || option.Is('a') || option.Is("output-file") || option.Is("append-output") || option.Is("save-cookies"))
                c.Analysis.WriteTo(c.Invocation, value, c.State, c.Scope, option.Is('a'));
            else if (option.Is('i') || option.Is("input-file") || option.Is("load-cookies")) c.AddPath(EffectKind.Read, value);
            else if (option.Is("post-file") || option.Is("body-file")) uploads.Add(value);
        }

        string? host = null;
        foreach (var url in urls) host ??= Contact(c, url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url);
        foreach (var upload in uploads)
        {
            if (upload.Value is "/dev/stdin" or "-") UploadStdin(c, host);
            else UploadFile(c, host, upload);
        }
        UploadSubstitutions(c, host);

        if (document is { } doc && doc.Value == "-")
        {
            c.Output = new DataSource(SourceKind.Download, Host: host);
            return;
        }
        c.Output = DataSource.None;
        if (document is { } file)
        {
            c.Analysis.WriteTo(c.Invocation, file, c.State, c.Scope, false);
            c.Analysis.NoteDownloaded(c.PathOf(file).Path, host);
        }
        else
        {
            var directory = prefix is { } p ? c.PathOf(p).Path ?? c.Cwd : c.Cwd;
            foreach (var url in urls)
            {
                var name = PathText.BaseName(NetworkAddress.PathOf(url));
                var saved = PathText.Absolute(directory, name is "" or "/" ? "index.html" : name);
                c.AddAbsolute(EffectKind.Write, saved);
                c.Analysis.NoteDownloaded(saved, host);
            }
        }
    }

    /// <summary>FreeBSD fetch: <c>fetch -o - URL</c> prints, otherwise saves.</summary>
    private static void Fetch(CommandContext c)
    {
        c.PathsHandled = true;
        var toStdout = false;
        string? host = null;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value == "-o" && i + 1 < c.Args.Length)
            {
                var target = c.Args[++i];
                if (target.Value == "-") toStdout = true;
                else
                {
                    c.Analysis.WriteTo(c.Invocation, target, c.State, c.Scope, false);
                    c.Analysis.NoteDownloaded(c.PathOf(target).Path, null);
                }
                continue;
            }
            if (value.StartsWith('-')) continue;
            host ??= Contact(c, value);
        }
        c.Output = toStdout ? new DataSource(SourceKind.Download, Host: host) : DataSource.None;
    }

    private static void Aria2c(CommandContext c)
    {
        c.PathsHandled = true;
        Arg? directory = null;
        var reader = new OptionReader(c.Args, 1, Aria2);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand) Contact(c, operand.Value);
            else if ((option.Is('d') || option.Is("dir")) && option.Value is { } dir) directory = dir;
            else if ((option.Is('i') || option.Is("input-file")) && option.Value is { } list) c.AddPath(EffectKind.Read, list);
            else if ((option.Is('o') || option.Is("out")) && option.Value is { } name) c.Analysis.WriteTo(c.Invocation, name, c.State, c.Scope, false);
        }
        if (directory is { } d) c.AddPath(EffectKind.Write, d, EffectFlags.Glob);
        else c.AddAbsolute(EffectKind.Write, c.Cwd, EffectFlags.Glob);
        c.Output = DataSource.None;
    }

    /// <summary>httpie / xh: <c>http [METHOD] URL [items]</c>; <c>field@file</c> and <c>field=@file</c> upload files.</summary>
    private static void Httpie(CommandContext c)
    {
        c.PathsHandled = true;
        string? host = null;
        var urlSeen = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var arg = c.Args[i];
            var value = arg.Value;
            if (value is "-o" or "--output" && i + 1 < c.Args.Length)
            {
                c.Analysis.WriteTo(c.Invocation, c.Args[++i], c.State, c.Scope, false);
                continue;
            }
            if (value.StartsWith('-')) continue;
            if (!urlSeen && value.All(char.IsAsciiLetterUpper)) continue;
            if (!urlSeen)
            {
                urlSeen = true;
                LeakThroughHostName(c, arg);
                var url = value.StartsWith(':') ? "http://localhost" + value : value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
                host = Contact(c, url);
                continue;
            }
            var at = value.IndexOf('@', StringComparison.Ordinal);
            if (at > 0 && (value[at - 1] == '=' || value.IndexOf('=', StringComparison.Ordinal) < 0 || value.IndexOf('=', StringComparison.Ordinal) > at))
                UploadFile(c, host, FileCommands.Suffix(arg, at + 1));
        }
        UploadStdin(c, host);
        UploadSubstitutions(c, host);
        c.Output = new DataSource(SourceKind.Download, Host: host);
    }

    /// <summary>nc / ncat / netcat: a raw socket; -e/-c/--exec/--sh-exec attach a program to it (a reverse or bind shell).</summary>
    private static void NetcatHandler(CommandContext c)
    {
        c.PathsHandled = true;
        string? executes = null;
        var operands = new List<string>();
        var reader = new OptionReader(c.Args, 1, Netcat);
        while (reader.Next(out var option))
        {
            if ((option.Is('e') || option.Is('c') || option.Is("exec") || option.Is("sh-exec") || option.Is("lua-exec")) && option.Value is { } program)
                executes = program.Value;
            else if ((option.Is('o') || option.Is("output")) && option.Value is { } file)
                c.Analysis.WriteTo(c.Invocation, file, c.State, c.Scope, false);
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand.Value);
        }

        string? host = null;
        string? port = null;
        foreach (var operand in operands)
        {
            if (host is null && operand.AsSpan().ContainsAnyExceptInRange('0', '9'))
                host = NetworkAddress.HostOf(operand) ?? operand.ToLowerInvariant();
            else if (host is not null && port is null) port = operand;
        }
        // host:port, so rules on ports (mstro's own) can read it.
        if (host is not null) c.Add(EffectKind.Network, host: host, detail: port is null ? host : HostPort(host, port));
        if (executes is not null) c.Add(EffectKind.ReverseShell, host: host, detail: c.Invocation.Program + " -e " + executes);
        c.Roles |= CommandRoles.Socket;
        c.RoleHost = host;
        UploadStdin(c, host);
        UploadSubstitutions(c, host);
        c.Output = new DataSource(SourceKind.Download, Host: host);
    }

    /// <summary>socat ADDRESS ADDRESS: exec:/system: joined to a tcp/ssl address is a shell on a socket.</summary>
    private static void Socat(CommandContext c)
    {
        c.PathsHandled = true;
        string? host = null;
        string? program = null;
        var network = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value.Length > 1 && value[0] == '-' && value != "-") continue;
            var colon = value.IndexOfAny([':', ',']);
            var type = (colon < 0 ? value : value[..colon]).ToLowerInvariant();
            var rest = colon < 0 ? "" : value[(colon + 1)..];
            if (type is "exec" or "system")
            {
                program = rest;
                var comma = rest.IndexOf(',', StringComparison.Ordinal);
                c.RunShellText(comma > 0 ? rest[..comma] : rest);
            }
            else if (type.StartsWith("tcp", StringComparison.Ordinal) || type.StartsWith("udp", StringComparison.Ordinal)
                || type.StartsWith("openssl", StringComparison.Ordinal) || type.StartsWith("ssl", StringComparison.Ordinal)
                || type.StartsWith("sctp", StringComparison.Ordinal) || type.StartsWith("socks", StringComparison.Ordinal)
                || type is "proxy" or "proxy-connect")
            {
                network = true;
                if (!type.Contains("listen", StringComparison.Ordinal))
                {
                    var address = rest.Split(',')[0];
                    host ??= NetworkAddress.HostOf("tcp://" + address);
                }
            }
        }
        if (host is not null) c.Add(EffectKind.Network, host: host, detail: string.Join(' ', c.Invocation.Arguments));
        if (program is not null && network) c.Add(EffectKind.ReverseShell, host: host, detail: "socat exec");
        if (network)
        {
            c.Roles |= CommandRoles.Socket;
            c.RoleHost = host;
            UploadStdin(c, host);
        }
        c.Output = new DataSource(SourceKind.Download, Host: host);
    }

    private static void Telnet(CommandContext c)
    {
        c.PathsHandled = true;
        string? host = null;
        string? port = null;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-l" or "-n" or "-e" or "-b" or "-X" or "-k" or "-S")
            {
                i++;
                continue;
            }
            if (value.StartsWith('-')) continue;
            if (host is null) host = NetworkAddress.HostOf(value) ?? value.ToLowerInvariant();
            else
            {
                port = value;
                break;
            }
        }
        if (host is not null) c.Add(EffectKind.Network, host: host, detail: port is null ? host : HostPort(host, port));
        c.Roles |= CommandRoles.Socket;
        c.RoleHost = host;
        UploadStdin(c, host);
        c.Output = new DataSource(SourceKind.Download, Host: host);
    }

    /// <summary>zsh's <c>ztcp host port</c> (module zsh/net/tcp) opens a connection on a new descriptor of the shell
    /// (in <c>$REPLY</c>); <c>-l</c>/<c>-a</c> listen and accept, <c>-c</c> closes.</summary>
    private static void Ztcp(CommandContext c)
    {
        c.PathsHandled = true;
        var operands = new List<string>();
        var listens = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value.Length > 1 && value[0] == '-')
            {
                if (value.Contains('c', StringComparison.Ordinal) || value.Contains('L', StringComparison.Ordinal)) return;
                listens |= value.Contains('l', StringComparison.Ordinal) || value.Contains('a', StringComparison.Ordinal);
                continue;
            }
            operands.Add(value);
        }
        string? host = null;
        if (!listens && operands.Count > 0)
        {
            host = NetworkAddress.HostOf("tcp://" + operands[0]) ?? operands[0].ToLowerInvariant();
            c.Add(EffectKind.Network, host: host, detail: operands.Count > 1 ? HostPort(host, operands[1]) : host);
        }
        c.Roles |= CommandRoles.Socket | CommandRoles.DescriptorSocket;
        c.RoleHost = host;
    }

    private const string ReverseTunnel = "reverse-tunnel";
    private const string Socks = "socks";

    /// <summary>ssh: the destination host; the remote command runs there. ProxyCommand runs here. <c>-R</c>/RemoteForward
    /// is a Network effect with detail "reverse-tunnel", <c>-D</c>/DynamicForward one with "socks".</summary>
    private static void SshHandler(CommandContext c)
    {
        c.PathsHandled = true;
        string? host = null;
        var remoteCommandAt = -1;
        var tunnels = new List<string>();
        var reader = new OptionReader(c.Args, 1, Ssh, stopAtOperand: true);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } destination)
            {
                host = NetworkAddress.HostOf(destination.Value.Contains("://", StringComparison.Ordinal) ? destination.Value : "ssh://" + destination.Value);
                remoteCommandAt = reader.Position + 1;
                break;
            }
            if (option.Is('o') && option.Value is { } setting)
            {
                LocalCommandOption(c, setting.Value);
                if (setting.Value.StartsWith("RemoteForward", StringComparison.OrdinalIgnoreCase)) tunnels.Add(ReverseTunnel);
                else if (setting.Value.StartsWith("DynamicForward", StringComparison.OrdinalIgnoreCase)) tunnels.Add(Socks);
            }
            else if (option.Is('R')) tunnels.Add(ReverseTunnel);
            else if (option.Is('D')) tunnels.Add(Socks);
        }
        if (host is not null) c.Add(EffectKind.Network, host: host);
        // -R publishes a port of this machine on the remote host; -D routes any connection through it.
        foreach (var tunnel in tunnels.Distinct()) c.Add(EffectKind.Network, host: host, detail: tunnel);
        UploadStdin(c, host);
        UploadSubstitutions(c, host);
        if (remoteCommandAt > 0 && remoteCommandAt < c.Args.Length) RunRemote(c, remoteCommandAt);
        c.Output = new DataSource(SourceKind.Download, Host: host);
    }

    /// <summary>The command ssh runs on the other machine: its words joined by spaces, as the remote shell receives them,
    /// analysed as shell text that starts in the remote home. Its effects carry <see cref="EffectFlags.Remote"/>: paths name
    /// the remote machine's files, judged as if they were this machine's (a remote <c>rm -rf /var/www</c> deletes there).</summary>
    private static void RunRemote(CommandContext c, int start)
    {
        var k = start;
        if (c.Args[k].Value == "--") k++;
        if (k >= c.Args.Length) return;
        var command = TextCommands.JoinValues(c.Args, k);
        c.Analysis.AnalyzeText(command, new ShellState(c.Home), c.Scope.Deeper(EffectFlags.Remote), null, DataSource.None);
    }

    /// <summary><c>-o ProxyCommand=...</c> / <c>LocalCommand</c> run a command on this machine.</summary>
    private static void LocalCommandOption(CommandContext c, string setting)
    {
        var separator = setting.IndexOfAny(['=', ' ']);
        if (separator < 0) return;
        var key = setting[..separator].Trim();
        if (key.Equals("ProxyCommand", StringComparison.OrdinalIgnoreCase) || key.Equals("LocalCommand", StringComparison.OrdinalIgnoreCase)
            || key.Equals("KnownHostsCommand", StringComparison.OrdinalIgnoreCase))
            c.RunShellText(setting[(separator + 1)..].Trim());
    }

    /// <summary>scp sources... destination: local files sent to a remote host are uploads.</summary>
    private static void ScpHandler(CommandContext c)
    {
        c.PathsHandled = true;
        var operands = new List<Arg>();
        var tree = EffectFlags.None;
        var reader = new OptionReader(c.Args, 1, Scp);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand);
            else if (option.Is('o') && option.Value is { } setting) LocalCommandOption(c, setting.Value);
            else if (option.Is('r')) tree = EffectFlags.Recursive;
        }
        if (operands.Count < 2) return;
        var destination = operands[^1];
        var remoteHost = RemoteHost(destination.Value);
        if (remoteHost is not null) c.Add(EffectKind.Network, host: remoteHost, detail: destination.Value);
        for (var i = 0; i < operands.Count - 1; i++)
        {
            var sourceHost = RemoteHost(operands[i].Value);
            if (sourceHost is not null)
            {
                c.Add(EffectKind.Network, host: sourceHost, detail: operands[i].Value);
                continue;
            }
            if (remoteHost is not null) UploadFile(c, remoteHost, operands[i], tree);
            else c.AddPath(EffectKind.Read, operands[i], tree);
        }
        if (remoteHost is null) c.Analysis.WriteTo(c.Invocation, destination, c.State, c.Scope, false);
    }

    /// <summary>The host of <c>[user@]host:path</c>, <c>host::module</c>, <c>scp://</c> or <c>rsync://</c>; null for a local path.</summary>
    internal static string? RemoteHost(string operand)
    {
        if (operand.Contains("://", StringComparison.Ordinal)) return NetworkAddress.HostOf(operand);
        if (operand.StartsWith('/') || operand.StartsWith('.') || operand.StartsWith('~')) return null;
        var colon = operand.IndexOf(':', StringComparison.Ordinal);
        var slash = operand.IndexOf('/', StringComparison.Ordinal);
        if (colon <= 0 || slash >= 0 && slash < colon) return null;
        var authority = operand[..colon];
        var at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority[(at + 1)..];
        return authority.TrimStart('[').TrimEnd(']').ToLowerInvariant();
    }

    /// <summary>rsync: local→remote is an upload, remote→local a write; --delete deletes at the destination.</summary>
    private static void RsyncHandler(CommandContext c)
    {
        c.PathsHandled = true;
        var operands = new List<Arg>();
        var delete = false;
        var removeSources = false;
        var tree = EffectFlags.None;
        var reader = new OptionReader(c.Args, 1, Rsync);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand);
            else if (option.Is('r') || option.Is('a') || option.Is("recursive") || option.Is("archive")) tree = EffectFlags.Recursive;
            else if (option.Kind == OptionKind.Long && option.Long!.StartsWith("delete", StringComparison.Ordinal)) delete = true;
            else if (option.Is("remove-source-files")) removeSources = true;
            else if ((option.Is('e') || option.Is("rsh")) && option.Value is { } shell) c.RunShellText(shell.Value);
            else if ((option.Is("files-from") || option.Is("exclude-from") || option.Is("include-from") || option.Is("password-file"))
                && option.Value is { } list) c.AddPath(EffectKind.Read, list);
        }
        if (operands.Count == 0) return;
        if (operands.Count == 1)
        {
            var only = RemoteHost(operands[0].Value);
            if (only is not null) c.Add(EffectKind.Network, host: only, detail: operands[0].Value);
            return;
        }
        var destination = operands[^1];
        var remoteDestination = RemoteHost(destination.Value);
        if (remoteDestination is not null) c.Add(EffectKind.Network, host: remoteDestination, detail: destination.Value);
        for (var i = 0; i < operands.Count - 1; i++)
        {
            var sourceHost = RemoteHost(operands[i].Value);
            if (sourceHost is not null)
            {
                c.Add(EffectKind.Network, host: sourceHost, detail: operands[i].Value);
                continue;
            }
            if (remoteDestination is not null) UploadFile(c, remoteDestination, operands[i], tree);
            else c.AddPath(EffectKind.Read, operands[i], EffectFlags.Recursive);
            if (removeSources) c.AddPath(EffectKind.Delete, operands[i], EffectFlags.Recursive, followLast: false);
        }
        if (remoteDestination is null)
        {
            c.AddPath(EffectKind.Write, destination, EffectFlags.Recursive);
            if (delete) c.AddPath(EffectKind.Delete, destination, EffectFlags.Recursive | EffectFlags.Glob, followLast: true);
        }
    }

    /// <summary>sftp / ftp / lftp / smbclient: the first operand is the host.</summary>
    private static void HostFirst(CommandContext c, OptionSpec spec, bool upload)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, spec);
        while (reader.Next(out var option))
        {
            if (option.Is('b') && option.Value is { } batch) c.AddPath(EffectKind.Read, batch);
            if (option.Kind != OptionKind.Operand || option.Value is not { } operand) continue;
            var value = operand.Value;
            var host = value.Contains("://", StringComparison.Ordinal) ? NetworkAddress.HostOf(value)
                : RemoteHost(value) ?? NetworkAddress.HostOf("x://" + value);
            if (host is null) continue;
            c.Add(EffectKind.Network, host: host, detail: value);
            if (upload) UploadStdin(c, host);
            break;
        }
    }

    /// <summary>ping, dig, nslookup, traceroute...: every operand that looks like a host.</summary>
    private static void Lookup(CommandContext c)
    {
        c.PathsHandled = true;
        foreach (var arg in c.Args.AsSpan(1))
        {
            var value = arg.Value.TrimStart('@');
            if (value.StartsWith('-') || value.StartsWith('+')) continue;
            LeakThroughHostName(c, arg);
            var host = NetworkAddress.HostOf(value.Contains("://", StringComparison.Ordinal) ? value : "x://" + value);
            if (host is not null && NetworkAddress.LooksLikeHost(host)) c.Add(EffectKind.Network, host: host, detail: arg.Value);
        }
    }
}
