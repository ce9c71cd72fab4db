export default function Page() {
  return (
    <div className="page">
      <h1>Coming soon</h1>
    </div>
  );
}
