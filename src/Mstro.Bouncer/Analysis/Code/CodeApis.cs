
namespace Mstro.Bouncer.Analysis.Code;

/// <summary>What a library call does, as far as the bouncer cares.</summary>
internal enum ApiKind : byte
{
    /// <summary>First argument is a shell command line.</summary>
    Shell,
    /// <summary>A string is a shell command line, a list is an argv (subprocess.run, perl system).</summary>
    ShellOrArgv,
    /// <summary>(program, [args]) — the list does not repeat the program (child_process.spawn).</summary>
    ProgramAndList,
    /// <summary>(program, [argv0, args...]) — the list starts with argv0 (os.execv).</summary>
    ProgramAndArgv,
    /// <summary>(program, argv0, args...) (os.execl).</summary>
    ProgramArgv0Varargs,
    /// <summary>(program, args...) (asyncio.create_subprocess_exec).</summary>
    ProgramVarargs,
    /// <summary>pty.spawn: a program (string) or argv (list), wired to a terminal.</summary>
    Spawn,
    Delete,
    DeleteRecursive,
    /// <summary>Recursive when the options say so (fs.rmSync(p, {recursive: true})).</summary>
    DeleteMaybeRecursive,
    Read,
    Write,
    /// <summary>open(path, mode): a write when the mode writes.</summary>
    Open,
    /// <summary>Perl/Ruby open: <c>"cmd|"</c>, <c>"|cmd"</c>, <c>'-|'</c> run commands; <c>&gt;</c> writes.</summary>
    PipeOpen,
    Copy,
    Move,
    /// <summary>Runs code given as a string (exec, eval, Function).</summary>
    DynamicCode,
    Socket,
    Dup2,
    Fork,
    Network,
    /// <summary>Decodes its (literal) argument: base64.b64decode, atob, Buffer.from(x, 'base64').</summary>
    Base64Decode,
    HexDecode,
}

/// <summary>Per-language tables: qualified names (after import aliases) and, for calls on an unknown receiver,
/// distinctive member names.</summary>
internal static class CodeApis
{
    public static readonly Dictionary<string, ApiKind> Python = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["os.system"] = ApiKind.Shell, ["os.popen"] = ApiKind.Shell, ["os.popen2"] = ApiKind.Shell, ["os.popen3"] = ApiKind.Shell,
        ["commands.getoutput"] = ApiKind.Shell, ["commands.getstatusoutput"] = ApiKind.Shell,
        ["subprocess.getoutput"] = ApiKind.Shell, ["subprocess.getstatusoutput"] = ApiKind.Shell,
        ["subprocess.run"] = ApiKind.ShellOrArgv, ["subprocess.call"] = ApiKind.ShellOrArgv,
        ["subprocess.check_call"] = ApiKind.ShellOrArgv, ["subprocess.check_output"] = ApiKind.ShellOrArgv,
        ["subprocess.Popen"] = ApiKind.ShellOrArgv,
        ["os.execv"] = ApiKind.ProgramAndArgv, ["os.execve"] = ApiKind.ProgramAndArgv, ["os.execvp"] = ApiKind.ProgramAndArgv,
        ["os.execvpe"] = ApiKind.ProgramAndArgv, ["os.posix_spawn"] = ApiKind.ProgramAndArgv, ["os.posix_spawnp"] = ApiKind.ProgramAndArgv,
        ["os.execl"] = ApiKind.ProgramArgv0Varargs, ["os.execle"] = ApiKind.ProgramArgv0Varargs,
        ["os.execlp"] = ApiKind.ProgramArgv0Varargs, ["os.execlpe"] = ApiKind.ProgramArgv0Varargs,
        ["asyncio.create_subprocess_shell"] = ApiKind.Shell, ["asyncio.create_subprocess_exec"] = ApiKind.ProgramVarargs,
        ["pty.spawn"] = ApiKind.Spawn,
        ["shutil.rmtree"] = ApiKind.DeleteRecursive, ["os.remove"] = ApiKind.Delete, ["os.unlink"] = ApiKind.Delete,
        ["os.rmdir"] = ApiKind.Delete, ["os.removedirs"] = ApiKind.Delete,
        ["shutil.move"] = ApiKind.Move, ["os.rename"] = ApiKind.Move, ["os.replace"] = ApiKind.Move,
        ["shutil.copy"] = ApiKind.Copy, ["shutil.copy2"] = ApiKind.Copy, ["shutil.copyfile"] = ApiKind.Copy, ["shutil.copytree"] = ApiKind.Copy,
        ["open"] = ApiKind.Open, ["io.open"] = ApiKind.Open, ["codecs.open"] = ApiKind.Open,
        ["exec"] = ApiKind.DynamicCode, ["eval"] = ApiKind.DynamicCode, ["compile"] = ApiKind.DynamicCode, ["execfile"] = ApiKind.DynamicCode,
        ["socket.socket"] = ApiKind.Socket, ["socket.create_connection"] = ApiKind.Socket, ["socket.fromfd"] = ApiKind.Socket,
        ["os.dup2"] = ApiKind.Dup2, ["os.fork"] = ApiKind.Fork, ["os.forkpty"] = ApiKind.Fork, ["pty.fork"] = ApiKind.Fork,
        ["urllib.request.urlopen"] = ApiKind.Network, ["urllib.urlopen"] = ApiKind.Network, ["urllib2.urlopen"] = ApiKind.Network,
        ["requests.get"] = ApiKind.Network, ["requests.post"] = ApiKind.Network, ["requests.put"] = ApiKind.Network,
        ["requests.request"] = ApiKind.Network, ["httpx.get"] = ApiKind.Network, ["httpx.post"] = ApiKind.Network,
        ["urllib.request.urlretrieve"] = ApiKind.Network,
        ["base64.b64decode"] = ApiKind.Base64Decode, ["base64.decodebytes"] = ApiKind.Base64Decode,
        ["base64.standard_b64decode"] = ApiKind.Base64Decode, ["base64.urlsafe_b64decode"] = ApiKind.Base64Decode,
        ["bytes.fromhex"] = ApiKind.HexDecode, ["binascii.unhexlify"] = ApiKind.HexDecode, ["binascii.a2b_base64"] = ApiKind.Base64Decode,
    };

    public static readonly Dictionary<string, ApiKind> JavaScript = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["child_process.exec"] = ApiKind.Shell, ["child_process.execSync"] = ApiKind.Shell,
        ["child_process.spawn"] = ApiKind.ProgramAndList, ["child_process.spawnSync"] = ApiKind.ProgramAndList,
        ["child_process.execFile"] = ApiKind.ProgramAndList, ["child_process.execFileSync"] = ApiKind.ProgramAndList,
        ["child_process.fork"] = ApiKind.ProgramAndList,
        ["fs.rmSync"] = ApiKind.DeleteMaybeRecursive, ["fs.rm"] = ApiKind.DeleteMaybeRecursive, ["fs.promises.rm"] = ApiKind.DeleteMaybeRecursive,
        ["fs.rmdirSync"] = ApiKind.DeleteMaybeRecursive, ["fs.rmdir"] = ApiKind.DeleteMaybeRecursive,
        ["fs.unlinkSync"] = ApiKind.Delete, ["fs.unlink"] = ApiKind.Delete, ["fs.promises.unlink"] = ApiKind.Delete,
        ["fs.writeFileSync"] = ApiKind.Write, ["fs.writeFile"] = ApiKind.Write, ["fs.appendFileSync"] = ApiKind.Write,
        ["fs.appendFile"] = ApiKind.Write, ["fs.createWriteStream"] = ApiKind.Write, ["fs.promises.writeFile"] = ApiKind.Write,
        ["fs.readFileSync"] = ApiKind.Read, ["fs.readFile"] = ApiKind.Read, ["fs.createReadStream"] = ApiKind.Read,
        ["fs.promises.readFile"] = ApiKind.Read,
        ["fs.copyFileSync"] = ApiKind.Copy, ["fs.cpSync"] = ApiKind.Copy, ["fs.renameSync"] = ApiKind.Move, ["fs.rename"] = ApiKind.Move,
        ["net.connect"] = ApiKind.Socket, ["net.createConnection"] = ApiKind.Socket, ["net.Socket"] = ApiKind.Socket,
        ["tls.connect"] = ApiKind.Socket, ["dgram.createSocket"] = ApiKind.Socket,
        ["http.get"] = ApiKind.Network, ["https.get"] = ApiKind.Network, ["http.request"] = ApiKind.Network,
        ["https.request"] = ApiKind.Network, ["fetch"] = ApiKind.Network,
        ["eval"] = ApiKind.DynamicCode, ["Function"] = ApiKind.DynamicCode, ["vm.runInThisContext"] = ApiKind.DynamicCode,
        ["vm.runInNewContext"] = ApiKind.DynamicCode, ["vm.Script"] = ApiKind.DynamicCode,
        ["atob"] = ApiKind.Base64Decode, ["Buffer.from"] = ApiKind.Base64Decode,
        ["Deno.remove"] = ApiKind.DeleteMaybeRecursive, ["Deno.removeSync"] = ApiKind.DeleteMaybeRecursive,
        ["Deno.writeTextFile"] = ApiKind.Write, ["Deno.writeTextFileSync"] = ApiKind.Write, ["Deno.writeFile"] = ApiKind.Write,
        ["Deno.writeFileSync"] = ApiKind.Write, ["Deno.readTextFile"] = ApiKind.Read, ["Deno.readTextFileSync"] = ApiKind.Read,
        ["Deno.readFile"] = ApiKind.Read, ["Deno.readFileSync"] = ApiKind.Read, ["Deno.rename"] = ApiKind.Move,
        ["Deno.renameSync"] = ApiKind.Move, ["Deno.copyFile"] = ApiKind.Copy, ["Deno.copyFileSync"] = ApiKind.Copy,
        ["Deno.connect"] = ApiKind.Socket, ["Deno.connectTls"] = ApiKind.Socket,
        ["Bun.spawn"] = ApiKind.ShellOrArgv, ["Bun.spawnSync"] = ApiKind.ShellOrArgv, ["Bun.write"] = ApiKind.Write,
        ["Bun.connect"] = ApiKind.Socket,
    };

    public static readonly Dictionary<string, ApiKind> Perl = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["system"] = ApiKind.ShellOrArgv, ["exec"] = ApiKind.ShellOrArgv, ["open"] = ApiKind.PipeOpen,
        ["unlink"] = ApiKind.Delete, ["rmdir"] = ApiKind.Delete, ["rmtree"] = ApiKind.DeleteRecursive,
        ["remove_tree"] = ApiKind.DeleteRecursive, ["File.Path.rmtree"] = ApiKind.DeleteRecursive,
        ["File.Path.remove_tree"] = ApiKind.DeleteRecursive,
        ["socket"] = ApiKind.Socket, ["IO.Socket.INET.new"] = ApiKind.Socket, ["IO.Socket.IP.new"] = ApiKind.Socket,
        ["IO.Socket.SSL.new"] = ApiKind.Socket, ["fork"] = ApiKind.Fork, ["eval"] = ApiKind.DynamicCode,
        ["decode_base64"] = ApiKind.Base64Decode, ["MIME.Base64.decode_base64"] = ApiKind.Base64Decode,
        ["LWP.Simple.get"] = ApiKind.Network, ["getstore"] = ApiKind.Network,
    };

    public static readonly Dictionary<string, ApiKind> Ruby = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["system"] = ApiKind.ShellOrArgv, ["exec"] = ApiKind.ShellOrArgv, ["spawn"] = ApiKind.ShellOrArgv,
        ["Kernel.system"] = ApiKind.ShellOrArgv, ["Kernel.exec"] = ApiKind.ShellOrArgv, ["Kernel.spawn"] = ApiKind.ShellOrArgv,
        ["Process.spawn"] = ApiKind.ShellOrArgv, ["IO.popen"] = ApiKind.ShellOrArgv, ["open"] = ApiKind.PipeOpen,
        ["Kernel.open"] = ApiKind.PipeOpen,
        ["Open3.capture2"] = ApiKind.ShellOrArgv, ["Open3.capture2e"] = ApiKind.ShellOrArgv, ["Open3.capture3"] = ApiKind.ShellOrArgv,
        ["Open3.popen2"] = ApiKind.ShellOrArgv, ["Open3.popen2e"] = ApiKind.ShellOrArgv, ["Open3.popen3"] = ApiKind.ShellOrArgv,
        ["FileUtils.rm_rf"] = ApiKind.DeleteRecursive, ["FileUtils.rm_r"] = ApiKind.DeleteRecursive,
        ["FileUtils.remove_dir"] = ApiKind.DeleteRecursive, ["FileUtils.remove_entry"] = ApiKind.DeleteRecursive,
        ["FileUtils.remove_entry_secure"] = ApiKind.DeleteRecursive, ["FileUtils.rmtree"] = ApiKind.DeleteRecursive,
        ["FileUtils.rm"] = ApiKind.Delete, ["FileUtils.rm_f"] = ApiKind.Delete, ["FileUtils.remove"] = ApiKind.Delete,
        ["File.delete"] = ApiKind.Delete, ["File.unlink"] = ApiKind.Delete, ["Dir.rmdir"] = ApiKind.Delete,
        ["File.write"] = ApiKind.Write, ["IO.write"] = ApiKind.Write, ["File.open"] = ApiKind.Open,
        ["File.read"] = ApiKind.Read, ["IO.read"] = ApiKind.Read, ["File.readlines"] = ApiKind.Read, ["IO.readlines"] = ApiKind.Read,
        ["FileUtils.mv"] = ApiKind.Move, ["FileUtils.cp"] = ApiKind.Copy, ["FileUtils.cp_r"] = ApiKind.Copy,
        ["TCPSocket.new"] = ApiKind.Socket, ["TCPSocket.open"] = ApiKind.Socket, ["Socket.tcp"] = ApiKind.Socket,
        ["Socket.new"] = ApiKind.Socket, ["UDPSocket.new"] = ApiKind.Socket,
        ["fork"] = ApiKind.Fork, ["Process.fork"] = ApiKind.Fork, ["eval"] = ApiKind.DynamicCode,
        ["instance_eval"] = ApiKind.DynamicCode, ["class_eval"] = ApiKind.DynamicCode,
        ["Base64.decode64"] = ApiKind.Base64Decode, ["Base64.strict_decode64"] = ApiKind.Base64Decode,
        ["Base64.urlsafe_decode64"] = ApiKind.Base64Decode,
        ["Net.HTTP.get"] = ApiKind.Network, ["URI.open"] = ApiKind.Network,
    };

    public static readonly Dictionary<string, ApiKind> Php = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["system"] = ApiKind.Shell, ["shell_exec"] = ApiKind.Shell, ["exec"] = ApiKind.Shell, ["passthru"] = ApiKind.Shell,
        ["popen"] = ApiKind.Shell, ["proc_open"] = ApiKind.ShellOrArgv, ["pcntl_exec"] = ApiKind.ProgramAndList,
        ["unlink"] = ApiKind.Delete, ["rmdir"] = ApiKind.Delete, ["file_put_contents"] = ApiKind.Write,
        ["file_get_contents"] = ApiKind.Read, ["readfile"] = ApiKind.Read, ["file"] = ApiKind.Read, ["fopen"] = ApiKind.Open,
        ["copy"] = ApiKind.Copy, ["rename"] = ApiKind.Move,
        ["fsockopen"] = ApiKind.Socket, ["pfsockopen"] = ApiKind.Socket, ["socket_create"] = ApiKind.Socket,
        ["stream_socket_client"] = ApiKind.Socket, ["pcntl_fork"] = ApiKind.Fork, ["eval"] = ApiKind.DynamicCode,
        ["assert"] = ApiKind.DynamicCode, ["create_function"] = ApiKind.DynamicCode,
        ["base64_decode"] = ApiKind.Base64Decode, ["hex2bin"] = ApiKind.HexDecode,
    };

    public static readonly Dictionary<string, ApiKind> Lua = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["os.execute"] = ApiKind.Shell, ["io.popen"] = ApiKind.Shell, ["os.remove"] = ApiKind.Delete, ["os.rename"] = ApiKind.Move,
        ["io.open"] = ApiKind.Open, ["socket.tcp"] = ApiKind.Socket, ["socket.connect"] = ApiKind.Socket,
        ["load"] = ApiKind.DynamicCode, ["loadstring"] = ApiKind.DynamicCode, ["dofile"] = ApiKind.DynamicCode,
    };

    public static readonly Dictionary<string, ApiKind> R = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["system"] = ApiKind.Shell, ["system2"] = ApiKind.ProgramAndList, ["shell"] = ApiKind.Shell, ["pipe"] = ApiKind.Shell,
        ["unlink"] = ApiKind.DeleteMaybeRecursive, ["file.remove"] = ApiKind.Delete, ["readLines"] = ApiKind.Read,
        ["read.csv"] = ApiKind.Read, ["readRDS"] = ApiKind.Read, ["writeLines"] = ApiKind.Write, ["saveRDS"] = ApiKind.Write,
        ["socketConnection"] = ApiKind.Socket, ["eval"] = ApiKind.DynamicCode, ["source"] = ApiKind.DynamicCode,
        ["download.file"] = ApiKind.Network, ["url"] = ApiKind.Network,
    };

    public static readonly Dictionary<string, ApiKind> Awk = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["system"] = ApiKind.Shell,
    };

    public static readonly Dictionary<string, ApiKind> AppleScript = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
    };

    /// <summary>Member names distinctive enough to recognise on an unknown receiver (<c>x.execSync('...')</c>).</summary>
    public static readonly Dictionary<string, ApiKind> Members = new Dictionary<string, ApiKind>(StringComparer.Ordinal)
    {
        ["system"] = ApiKind.Shell, ["popen"] = ApiKind.Shell, ["getoutput"] = ApiKind.Shell, ["getstatusoutput"] = ApiKind.Shell,
        ["check_output"] = ApiKind.ShellOrArgv, ["check_call"] = ApiKind.ShellOrArgv, ["Popen"] = ApiKind.ShellOrArgv,
        ["execSync"] = ApiKind.Shell, ["exec"] = ApiKind.Shell, ["spawnSync"] = ApiKind.ProgramAndList,
        ["execFileSync"] = ApiKind.ProgramAndList, ["execFile"] = ApiKind.ProgramAndList,
        ["execv"] = ApiKind.ProgramAndArgv, ["execvp"] = ApiKind.ProgramAndArgv, ["execve"] = ApiKind.ProgramAndArgv,
        ["rmtree"] = ApiKind.DeleteRecursive, ["rmSync"] = ApiKind.DeleteMaybeRecursive, ["rm_rf"] = ApiKind.DeleteRecursive,
        ["unlinkSync"] = ApiKind.Delete, ["writeFileSync"] = ApiKind.Write, ["readFileSync"] = ApiKind.Read,
        ["dup2"] = ApiKind.Dup2, ["b64decode"] = ApiKind.Base64Decode, ["decode64"] = ApiKind.Base64Decode,
    };

    public static Dictionary<string, ApiKind> For(CodeLanguage language) => language switch
    {
        CodeLanguage.Python => Python,
        CodeLanguage.JavaScript => JavaScript,
        CodeLanguage.Perl => Perl,
        CodeLanguage.Ruby => Ruby,
        CodeLanguage.Php => Php,
        CodeLanguage.Lua => Lua,
        CodeLanguage.R => R,
        CodeLanguage.Awk => Awk,
        _ => AppleScript,
    };
}
