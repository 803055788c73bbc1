// The app shell. The screens (import, sessions, patterns, lessons, settings) arrive with
// the UI work; until then the window explains what Reverie is and points to the CLI.
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto', lineHeight: 1.5 }}>
      <h1>Reverie</h1>
      <p>
        Reverie reads your past agent and chat sessions, finds what keeps recurring, and turns each pattern into a
        short lesson for your agent&apos;s system prompt. Everything stays on this machine.
      </p>
      <p>
        For now, use the command line: <code>npx reverie import &lt;logs&gt;</code>, <code>npx reverie sessions</code>.
      </p>
    </main>
  );
}
