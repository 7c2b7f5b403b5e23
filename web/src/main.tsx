import { render } from 'preact';
import { bootPhase, currentUser, refreshWhoami } from './state';
import { AuthView } from './views/AuthView';
import { Shell } from './views/Shell';
import './styles.css';

function App() {
  if (bootPhase.value === 'loading') {
    return (
      <div class="boot" role="status">
        Loading Chatter…
      </div>
    );
  }
  return currentUser.value ? <Shell /> : <AuthView />;
}

const root = document.getElementById('app');
if (root) {
  render(<App />, root);
  void refreshWhoami();
}
