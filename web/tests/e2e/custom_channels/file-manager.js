window.ChatterCustomChannel = {
    name: "File Manager",
    version: "1.0.0",
    description: "Manage uploaded files",
    icon: "📁",
    
    init: function(container, socket, utils) {
        container.innerHTML = `
            <div style="padding: 1rem;">
                <h3>File Manager</h3>
                <input type="file" id="file-input" style="margin-bottom: 1rem;">
                <button id="upload-btn" style="padding: 0.5rem 1rem; cursor: pointer;">
                    Upload
                </button>
                <div id="file-list" style="margin-top: 1rem;"></div>
            </div>
        `;
        
        document.getElementById('upload-btn').addEventListener('click', async () => {
            const file = document.getElementById('file-input').files[0];
            if (!file) return;
            
            const formData = new FormData();
            formData.append('file', file);
            
            const response = await fetch('/api/files/upload', {
                method: 'POST',
                body: formData
            });
            
            const data = await response.json();
            if (data.ok) {
                alert('File uploaded: ' + data.url);
                this.loadFiles();
            }
        });
        
        this.loadFiles();
    },
    
    loadFiles: function() {
        fetch('/api/files/list')
            .then(r => r.json())
            .then(data => {
                const list = document.getElementById('file-list');
                list.innerHTML = data.files.map(f => `
                    <div style="padding: 0.5rem; margin: 0.25rem 0; 
                                background: rgba(59, 130, 246, 0.1); 
                                border-radius: 0.25rem;">
                        <strong>${f.name}</strong>
                        <small>Expires: ${new Date(f.expires_at).toLocaleString()}</small>
                    </div>
                `).join('');
            });
    },
    
    destroy: function() {}
};
