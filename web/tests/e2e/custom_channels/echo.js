window.ChatterCustomChannel = {
    name: "Echo Channel",
    version: "1.0.0",
    description: "Echoes messages back to you",
    icon: "🔊",
    
    init: function(container, socket, utils) {
        container.innerHTML = `
            <div style="padding: 1rem;">
                <h3>Echo Channel</h3>
                <div id="echo-messages" style="margin-bottom: 1rem;"></div>
                <input id="echo-input" type="text" placeholder="Type something..." 
                       style="width: 100%; padding: 0.5rem;">
            </div>
        `;
        
        const input = document.getElementById('echo-input');
        const messages = document.getElementById('echo-messages');
        
        input.addEventListener('keypress', (e) => {
            if (e.key === 'Enter' && input.value) {
                const msg = document.createElement('div');
                msg.textContent = '🔊 ' + input.value;
                msg.style.padding = '0.5rem';
                msg.style.margin = '0.25rem 0';
                msg.style.background = 'rgba(59, 130, 246, 0.1)';
                msg.style.borderRadius = '0.25rem';
                messages.appendChild(msg);
                input.value = '';
            }
        });
    },
    
    destroy: function() {
        // Cleanup
    }
};
